namespace IlgpuNet.Reporting;

/// <summary>One row of a legend: a swatch in the series colour and its name.</summary>
internal readonly record struct LegendEntry(string Name, Rgb Color);
