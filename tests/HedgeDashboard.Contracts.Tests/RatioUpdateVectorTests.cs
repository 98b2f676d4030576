using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// Known-answer test of the C# RatioUpdate digest and signature against contracts/test/HedgeControllerVectors.t.sol
/// (chain 31337, controller 0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6, update (1, 0.6e18, 2e18, 0, 1800000600), anvil key 8;
/// the signature there was made with `cast wallet sign --data`). No node needed.
/// </summary>
public sealed class RatioUpdateVectorTests
{
    private static readonly Address VectorController = Address.Parse("0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6");
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);
    private static readonly RatioUpdate Vector = new(1, E18 * 6 / 10, 2 * E18, 0, 1_800_000_600);

    [Fact]
    public void Digest_ContractsVector_MatchesTypehashDomainSeparatorAndDigest()
    {
        Assert.Equal("0x8dbd4861be32b39e16a9767f3ba2524593690f7c408bc1ed508ceb92ee7e7cc8", Hex.Encode(Eip712TypeStrings.TypeHash(Vector.Types, Vector.PrimaryType)));
        Assert.Equal("0xf485b4178a5604338ac455836eb21bfccf7e4daf13960fc5fc372cabcb83986b", Hex.Encode(TypedDataEncoder.HashDomain(HedgeController.Domain(31337, VectorController))));
        Assert.Equal("0xa986694f8de33ad9cb169df2f81715c54e5e96b0b1be1e2aeda2977b75c19862", Hex.Encode(HedgeController.Digest(31337, VectorController, Vector)));
    }

    [Fact]
    public void SignUpdate_ContractsVectorWithAnvilKey8_MatchesCastSignatureAndRecovers()
    {
        using var signer = LocalMarketFixture.Account(8);
        var signature = HedgeController.SignUpdate(signer, 31337, VectorController, Vector);
        Assert.Equal(
            "0x6690fad58f070f79bdc44e0eb753e8da2cf7e4b3da7a56415c3b2fe668f812d66854e006853087c2d57ac9a8bf8a86b4cd0ff6c17533d0e446f8fe9b8bf897111c",
            Hex.Encode(signature));
        Assert.Equal(Address.Parse("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"), HedgeController.RecoverUpdateSigner(31337, VectorController, Vector, signature));
    }

    [Theory]
    [InlineData("positionId")]
    [InlineData("newRatio")]
    [InlineData("targetHedgeSize")]
    [InlineData("nonce")]
    [InlineData("deadline")]
    public void Digest_AnyFieldChangedByOne_DiffersFromTheVector(string field)
    {
        var changed = field switch
        {
            "positionId" => Vector with { PositionId = Vector.PositionId + 1 },
            "newRatio" => Vector with { NewRatio = Vector.NewRatio + 1 },
            "targetHedgeSize" => Vector with { TargetHedgeSize = Vector.TargetHedgeSize + 1 },
            "nonce" => Vector with { Nonce = Vector.Nonce + 1 },
            "deadline" => Vector with { Deadline = Vector.Deadline + 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a RatioUpdate field"),
        };
        Assert.NotEqual(Vector, changed);
        Assert.NotEqual(
            Hex.Encode(HedgeController.Digest(31337, VectorController, Vector)),
            Hex.Encode(HedgeController.Digest(31337, VectorController, changed)));
    }

    [Fact]
    public void Digest_OtherChainOrContract_DiffersFromTheVector()
    {
        var digest = Hex.Encode(HedgeController.Digest(31337, VectorController, Vector));
        Assert.NotEqual(digest, Hex.Encode(HedgeController.Digest(1, VectorController, Vector)));
        Assert.NotEqual(digest, Hex.Encode(HedgeController.Digest(31337, Address.Parse("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"), Vector)));
    }
}
