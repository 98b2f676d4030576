using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

/// <summary>Revert data as a contract returns it (selector and ABI arguments), built as Nethereum messages.</summary>
internal static class RevertPayloads
{
    [Function("Error")]
    public sealed class Error : FunctionMessage
    {
        [Parameter("string", "message", 1)]
        public string Message { get; set; } = "";
    }

    [Function("Panic")]
    public sealed class Panic : FunctionMessage
    {
        [Parameter("uint256", "code", 1)]
        public BigInteger Code { get; set; }
    }

    [Function("Cooldown")]
    public sealed class Cooldown : FunctionMessage
    {
        [Parameter("uint256", "until", 1)]
        public BigInteger Until { get; set; }
    }
}
