namespace IlgpuNet.Detection;

/// <summary>One split of a generated detection set: how many images, which object images and which background files it draws from.</summary>
public sealed record SyntheticSplit(string Name, int Count, IReadOnlyList<ObjectSource> Sources, IReadOnlyList<string> Backgrounds);
