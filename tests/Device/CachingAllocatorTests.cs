using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tests.Device;

public class CachingAllocatorTests
{
    /// <summary>A device block: its address and size on the fake device.</summary>
    private sealed record Block(long Address, long Bytes);

    private sealed class FakeDevice
    {
        public long Next = 0x1000;
        public HashSet<Block> Live { get; } = new();
        public int Frees;

        public Block Allocate(long bytes)
        {
            var block = new Block(Next, bytes);
            Next += bytes;
            Live.Add(block);
            return block;
        }

        public void Free(Block block)
        {
            Assert.True(Live.Remove(block));
            Frees++;
        }
    }

    [Fact]
    public void Rent_AfterReturnOfSameSizeClass_ReusesTheBlockWithoutNativeAllocation()
    {
        var device = new FakeDevice();
        var allocator = new CachingAllocator<Block>(device.Allocate, device.Free);
        var (first, size) = allocator.Rent(1000);
        Assert.Equal(1024, size);
        allocator.Return(first, size);
        var (second, _) = allocator.Rent(600);  // same 1024-byte class
        Assert.Equal(first, second);
        Assert.Equal(1, allocator.NativeAllocations);
        Assert.Equal(1, allocator.Reuses);
        var (third, thirdSize) = allocator.Rent(3 << 20);  // a different class: new native block
        Assert.NotEqual(first, third);
        Assert.Equal(4L << 20, thirdSize);
        Assert.Equal(2, allocator.NativeAllocations);
    }

    [Fact]
    public void BytesInUseAndPeak_TrackLiveBlocks_AndReleaseCachedFreesToTheDevice()
    {
        var device = new FakeDevice();
        var allocator = new CachingAllocator<Block>(device.Allocate, device.Free);
        var a = allocator.Rent(512);
        var b = allocator.Rent(2048);
        Assert.Equal(512 + 2048, allocator.BytesInUse);
        allocator.Return(a.Block, a.SizeClass);
        Assert.Equal(2048, allocator.BytesInUse);
        Assert.Equal(512 + 2048, allocator.PeakBytes);
        Assert.Equal(512, allocator.BytesCached);
        allocator.ResetPeak();
        Assert.Equal(2048, allocator.PeakBytes);
        allocator.Return(b.Block, b.SizeClass);
        allocator.ReleaseCached();
        Assert.Equal(0, allocator.BytesCached);
        Assert.Equal(0, allocator.BytesInUse);
        Assert.Empty(device.Live);
        Assert.Equal(2, device.Frees);
    }

    // Blocks of dead buffers come back only when the GC finalizes them: past the threshold, a miss asks for that first.
    [Fact]
    public void Rent_PastTheReclaimThreshold_ReclaimsFirst_AndReusesWhatCameBack()
    {
        var device = new FakeDevice();
        var unreachable = new List<(Block Block, long SizeClass)>();
        CachingAllocator<Block>? allocator = null;
        allocator = new CachingAllocator<Block>(device.Allocate, device.Free, () =>
        {
            unreachable.ForEach(block => allocator!.Return(block.Block, block.SizeClass));
            unreachable.Clear();
        });
        long half = CachingAllocator<Block>.MinimumReclaimThreshold / 2;
        var first = allocator.Rent(half);
        allocator.Rent(half);  // exactly at the threshold: no reclaim yet
        Assert.Equal(0, allocator.Reclaims);
        unreachable.Add(first);  // dropped by its owner, not yet finalized

        var third = allocator.Rent(half);
        Assert.Equal(1, allocator.Reclaims);
        Assert.Equal(first.Block, third.Block);
        Assert.Equal(2, allocator.NativeAllocations);
        Assert.Equal(2 * half, allocator.BytesInUse);
        Assert.Equal(CachingAllocator<Block>.MinimumReclaimThreshold, allocator.ReclaimThreshold);
    }

    [Theory]
    [InlineData(0, 512)]
    [InlineData(1, 512)]
    [InlineData(513, 1024)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, 2 << 20)]
    public void SizeClass_RoundsUp(long bytes, long expected) => Assert.Equal(expected, CachingAllocator<Block>.SizeClass(bytes));
}
