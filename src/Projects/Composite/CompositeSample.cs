namespace IlgpuNet.Composite;

/// <summary>One generated composite image: its split, path relative to the data set root, class and digit.</summary>
public sealed record CompositeSample(string Split, string File, int Label, int Digit);
