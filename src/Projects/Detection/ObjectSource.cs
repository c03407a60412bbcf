using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Detection;

/// <summary>
/// Object images a generated set pastes, their labels already the set's class indices, how they are pasted, and how
/// many classes they hold (a source is drawn in proportion to it, so every class appears about equally often).
/// </summary>
public sealed record ObjectSource(IDataset<LabeledImage> Objects, PasteStyle Style, int Classes);
