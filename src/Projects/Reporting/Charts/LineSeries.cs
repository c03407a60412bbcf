namespace IlgpuNet.Reporting;

/// <summary>One named curve of a <see cref="LineChart"/>. NaN or infinite y values (and x values) break the line.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, Rgb Color);
