using System.Text.Json;

namespace HedgeDashboard.Web.Models;

/// <summary>
/// What the Models page reads from a ModelVersion's metrics JSON. Recognised keys (all optional):
/// "qlike" or "qlikeRecent" (the model's out-of-sample QLIKE), "baselines": { "name": qlike, ... },
/// "calibration": [ { "forecast": variance, "realized": variance }, ... ].
/// </summary>
public sealed record ModelMetrics(double? Qlike, IReadOnlyDictionary<string, double> Baselines, IReadOnlyList<(double Forecast, double Realized)> Calibration)
{
    public static ModelMetrics Parse(string? json)
    {
        var baselines = new Dictionary<string, double>();
        var calibration = new List<(double, double)>();
        double? qlike = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return new(null, baselines, calibration);
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, baselines, calibration);
            }

            foreach (var key in new[] { "qlike", "qlikeRecent", "QLIKE" })
            {
                if (root.TryGetProperty(key, out var q) && q.ValueKind == JsonValueKind.Number)
                {
                    qlike = q.GetDouble();
                    break;
                }
            }

            if (root.TryGetProperty("baselines", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in b.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
                {
                    baselines[p.Name] = p.Value.GetDouble();
                }
            }

            if (root.TryGetProperty("calibration", out var c) && c.ValueKind == JsonValueKind.Array)
            {
                foreach (var point in c.EnumerateArray())
                {
                    if (point.ValueKind == JsonValueKind.Object && point.TryGetProperty("forecast", out var f) && point.TryGetProperty("realized", out var r)
                        && f.ValueKind == JsonValueKind.Number && r.ValueKind == JsonValueKind.Number)
                    {
                        calibration.Add((f.GetDouble(), r.GetDouble()));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable metrics blob shows as "no metrics", not as an error page.
        }

        return new(qlike, baselines, calibration);
    }
}
