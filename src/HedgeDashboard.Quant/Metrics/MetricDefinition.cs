namespace HedgeDashboard.Quant.Metrics;

/// <summary>A protection metric as the dashboard shows it: name, formula and what it means.</summary>
public sealed record MetricDefinition(string Key, string Name, string Formula, string Meaning);
