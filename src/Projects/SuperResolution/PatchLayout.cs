namespace IlgpuNet.SuperResolution;

/// <summary>
/// How a network's training pairs are cut. FSRCNN reads an <see cref="InputSize"/>² patch of the low-resolution plane
/// and is compared with the (scale × InputSize)² high-resolution patch over it. SRCNN reads an InputSize² patch of the
/// bicubic-upsampled plane (<see cref="UpsampledInput"/>) and, having no padding in training, is compared with the
/// <see cref="TargetSize"/>² centre of the high-resolution patch, <see cref="TargetOffset"/> pixels in from its corner.
/// </summary>
public sealed record PatchLayout(bool UpsampledInput, int InputSize, int TargetSize, int TargetOffset);
