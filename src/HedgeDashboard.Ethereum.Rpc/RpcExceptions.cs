using System.Text.Json;
using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>An error the node returned (JSON-RPC "error" object). Keeps the node's code, message and data.</summary>
public class RpcException : Exception
{
    public RpcException(string method, int code, string nodeMessage, JsonElement? data = null)
        : base($"{method} failed: node error {code}: {nodeMessage}")
    {
        Method = method;
        Code = code;
        NodeMessage = nodeMessage;
        Data = data;
    }

    protected RpcException(string method, string message, Exception? inner)
        : base(message, inner)
    {
        Method = method;
        NodeMessage = message;
    }

    public string Method { get; }

    public int Code { get; }

    public string NodeMessage { get; }

    public new JsonElement? Data { get; }
}

/// <summary>The call or transaction reverted; <see cref="Reason"/> is the decoded revert data.</summary>
public sealed class ExecutionRevertedException : RpcException
{
    public ExecutionRevertedException(string method, int code, string nodeMessage, JsonElement? data, RevertReason reason)
        : base(method, code, nodeMessage, data)
    {
        Reason = reason;
    }

    public RevertReason Reason { get; }

    /// <summary>The reason decoded again with a contract's custom errors (e.g. HedgeController.Errors).</summary>
    public RevertReason ReasonWith(IEnumerable<Nethereum.ABI.Model.ErrorABI> knownErrors) => RevertDecoder.Decode(Reason.Data, knownErrors);

    public override string Message => $"{Method} reverted: {Reason.Message} (node error {Code}: {NodeMessage})";
}

public sealed class NonceTooLowException(string method, int code, string nodeMessage, JsonElement? data)
    : RpcException(method, code, nodeMessage, data);

public sealed class AlreadyKnownException(string method, int code, string nodeMessage, JsonElement? data)
    : RpcException(method, code, nodeMessage, data);

public sealed class ReplacementUnderpricedException(string method, int code, string nodeMessage, JsonElement? data)
    : RpcException(method, code, nodeMessage, data);

public sealed class InsufficientFundsException(string method, int code, string nodeMessage, JsonElement? data)
    : RpcException(method, code, nodeMessage, data);

/// <summary>The node refused a log query's block range or result size (the client then splits the range).</summary>
public sealed class LogRangeTooLargeException(string method, int code, string nodeMessage, JsonElement? data)
    : RpcException(method, code, nodeMessage, data);

/// <summary>The node could not be reached or answered with an HTTP error or not in time (after retries).</summary>
public sealed class RpcTransportException : RpcException
{
    public RpcTransportException(string method, string message, int? httpStatus = null, bool isTimeout = false, Exception? inner = null)
        : base(method, message, inner)
    {
        HttpStatus = httpStatus;
        IsTimeout = isTimeout;
    }

    public int? HttpStatus { get; }

    public bool IsTimeout { get; }
}

/// <summary>The node answered with something that is not a valid JSON-RPC reply (malformed, truncated, wrong id, bad field).</summary>
public sealed class RpcProtocolException : RpcException
{
    public RpcProtocolException(string method, string message, Exception? inner = null)
        : base(method, $"{method}: invalid reply from node: {message}", inner)
    {
    }
}

/// <summary>Maps a node error to the typed exception (messages of geth, anvil, reth, erigon, nethermind).</summary>
public static class RpcErrorMapper
{
    public static RpcException Map(string method, int code, string message, JsonElement? data)
    {
        var m = message.ToLowerInvariant();
        if (code == 3 || m.Contains("execution reverted", StringComparison.Ordinal) || m.Contains("revert", StringComparison.Ordinal) && method is "eth_call" or "eth_estimateGas")
        {
            return new ExecutionRevertedException(method, code, message, data, RevertDecoder.Decode(RevertData(data)));
        }

        if (m.Contains("nonce too low", StringComparison.Ordinal) || m.Contains("nonce is too low", StringComparison.Ordinal))
        {
            return new NonceTooLowException(method, code, message, data);
        }

        if (m.Contains("already known", StringComparison.Ordinal) || m.Contains("known transaction", StringComparison.Ordinal) || m.Contains("already imported", StringComparison.Ordinal))
        {
            return new AlreadyKnownException(method, code, message, data);
        }

        if (m.Contains("replacement transaction underpriced", StringComparison.Ordinal) || m.Contains("replacement underpriced", StringComparison.Ordinal) || m.Contains("underpriced", StringComparison.Ordinal) && m.Contains("replac", StringComparison.Ordinal))
        {
            return new ReplacementUnderpricedException(method, code, message, data);
        }

        if (m.Contains("insufficient funds", StringComparison.Ordinal))
        {
            return new InsufficientFundsException(method, code, message, data);
        }

        if (method == "eth_getLogs" && (code == -32005 || m.Contains("range", StringComparison.Ordinal) || m.Contains("limit", StringComparison.Ordinal)
            || m.Contains("too many", StringComparison.Ordinal) || m.Contains("more than", StringComparison.Ordinal) || m.Contains("too large", StringComparison.Ordinal)))
        {
            return new LogRangeTooLargeException(method, code, message, data);
        }

        return new RpcException(method, code, message, data);
    }

    private static byte[] RevertData(JsonElement? data)
    {
        if (data is not { } d)
        {
            return [];
        }

        var s = d.ValueKind switch
        {
            JsonValueKind.String => d.GetString(),
            JsonValueKind.Object when d.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString(),
            _ => null,
        };
        try
        {
            return s is not null && s.StartsWith("0x", StringComparison.Ordinal) ? Hex.Decode(s) : [];
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
