using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>What a safetensors file holds: tensors in header order and the string metadata (__metadata__).</summary>
public sealed record SafeTensorsFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
