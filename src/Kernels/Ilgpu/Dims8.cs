namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Up to eight sizes or strides passed to a kernel by value: kernel parameters cannot hold arrays, so the eight
/// slots are fields and the indexer picks one.
/// </summary>
public struct Dims8
{
    public long D0, D1, D2, D3, D4, D5, D6, D7;

    public long this[int d]
    {
        readonly get => d switch
        {
            0 => D0,
            1 => D1,
            2 => D2,
            3 => D3,
            4 => D4,
            5 => D5,
            6 => D6,
            _ => D7,
        };
        set
        {
            switch (d)
            {
                case 0: D0 = value; break;
                case 1: D1 = value; break;
                case 2: D2 = value; break;
                case 3: D3 = value; break;
                case 4: D4 = value; break;
                case 5: D5 = value; break;
                case 6: D6 = value; break;
                default: D7 = value; break;
            }
        }
    }
}
