using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Detection;

/// <summary>One split of a generated detection set: how many images, which object images and which background files it draws from.</summary>
public sealed record SyntheticSplit(string Name, int Count, IDataset<LabeledImage> Objects, IReadOnlyList<string> Backgrounds);
