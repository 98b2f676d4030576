using System.Text.Json;
using System.Text.Json.Serialization;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>
/// A fitted model's parameters as stored by the workers. <see cref="Version"/> changes whenever the
/// meaning of <see cref="Values"/> changes, so old rows are refused rather than misread. <see cref="Blob"/> (an
/// ML.NET model file) is not part of the JSON: model_versions keeps it in its own bytea column.
/// </summary>
public sealed record ModelParameters(
    string Model,
    int Version,
    int HorizonHours,
    IReadOnlyDictionary<string, double> Values,
    [property: JsonIgnore] byte[]? Blob = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelParameters FromJson(string json) =>
        JsonSerializer.Deserialize<ModelParameters>(json, Json) ?? throw new JsonException("Empty model parameters.");

    public double Get(string key) =>
        Values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"Model '{Model}' v{Version} has no parameter '{key}'.");

    internal void Expect(string model, int version)
    {
        if (Model != model || Version != version)
            throw new NotSupportedException($"Expected {model} v{version} parameters, got {Model} v{Version}.");
    }
}

