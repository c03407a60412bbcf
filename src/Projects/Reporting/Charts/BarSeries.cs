namespace IlgpuNet.Reporting;

/// <summary>One named set of bars of a <see cref="BarChart"/>, a value per category.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, Rgb Color);
