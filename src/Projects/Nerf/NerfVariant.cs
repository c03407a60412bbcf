namespace IlgpuNet.Nerf;

/// <summary>Which radiance field a run trains.</summary>
public enum NerfVariant
{
    /// <summary>The paper's model: positional encoding, 8x256 MLP with a skip, coarse and fine networks, hierarchical sampling.</summary>
    Nerf,

    /// <summary>Multiresolution hash encoding, tiny MLPs and an occupancy grid that skips empty space (Instant-NGP's NeRF).</summary>
    Fast,
}
