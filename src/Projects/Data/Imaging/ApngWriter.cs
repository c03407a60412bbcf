using System.Buffers.Binary;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Writes an animated PNG (APNG) frame by frame, e.g. a camera-path video: every frame is a full 8-bit image of the
/// first frame's size and channels, shown for a fixed delay, the animation looping forever by default. Viewers
/// without APNG support (and <see cref="PngDecoder"/>) show the first frame. Frames are compressed as they come,
/// so a long video never sits in memory; the frame count in acTL is filled in on <see cref="Dispose"/>.
/// </summary>
public sealed class ApngWriter : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly int frameDelayMilliseconds;
    private readonly int loopCount;
    private long animationControlPosition = -1;
    private int sequenceNumber;
    private int width;
    private int height;
    private int channels;
    private bool disposed;

    /// <param name="frameDelayMilliseconds">How long each frame shows (40 ms = 25 frames per second).</param>
    /// <param name="loopCount">How many times to play; 0 loops forever.</param>
    public ApngWriter(string path, int frameDelayMilliseconds = 40, int loopCount = 0)
        : this(File.Create(path), frameDelayMilliseconds, loopCount, leaveOpen: false)
    {
    }

    /// <param name="stream">Must be seekable: the frame count is written last, into the header.</param>
    public ApngWriter(Stream stream, int frameDelayMilliseconds = 40, int loopCount = 0, bool leaveOpen = false)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("an APNG stream must be seekable: the frame count is written after the frames");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(frameDelayMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameDelayMilliseconds, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(loopCount);
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.frameDelayMilliseconds = frameDelayMilliseconds;
        this.loopCount = loopCount;
    }

    public int FrameCount { get; private set; }

    /// <summary>Encodes a whole animation in memory.</summary>
    public static byte[] Encode(IEnumerable<ByteImage> frames, int frameDelayMilliseconds = 40, int loopCount = 0)
    {
        using var memory = new MemoryStream();
        using (var writer = new ApngWriter(memory, frameDelayMilliseconds, loopCount, leaveOpen: true))
        {
            foreach (var frame in frames)
            {
                writer.AddFrame(frame);
            }
        }

        return memory.ToArray();
    }

    public void AddFrame(ByteImage frame)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (FrameCount == 0)
        {
            (width, height, channels) = (frame.Width, frame.Height, frame.Channels);
            PngEncoder.WriteSignatureAndHeader(stream, width, height, channels, bitDepth: 8);
            animationControlPosition = stream.Position;
            WriteAnimationControl();
        }
        else if ((frame.Width, frame.Height, frame.Channels) != (width, height, channels))
        {
            throw new ArgumentException(
                $"APNG frame {FrameCount} is {frame.Width}x{frame.Height}x{frame.Channels}, the animation is {width}x{height}x{channels}");
        }

        WriteFrameControl();
        var compressed = PngEncoder.CompressRows(frame);
        if (FrameCount == 0)
        {
            PngEncoder.WriteChunk(stream, "IDAT", compressed); // the first frame doubles as the still image
        }
        else
        {
            var body = new byte[compressed.Length + 4];
            BinaryPrimitives.WriteInt32BigEndian(body, sequenceNumber++);
            compressed.CopyTo(body, 4);
            PngEncoder.WriteChunk(stream, "fdAT", body);
        }

        FrameCount++;
    }

    /// <summary>Fills in the frame count and ends the file; without frames nothing is written.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (FrameCount > 0)
        {
            long end = stream.Position;
            stream.Position = animationControlPosition;
            WriteAnimationControl();
            stream.Position = end;
            PngEncoder.WriteChunk(stream, "IEND", []);
        }

        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }

    private void WriteAnimationControl()
    {
        Span<byte> body = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(body, FrameCount);
        BinaryPrimitives.WriteInt32BigEndian(body[4..], loopCount);
        PngEncoder.WriteChunk(stream, "acTL", body);
    }

    private void WriteFrameControl()
    {
        Span<byte> body = stackalloc byte[26];
        BinaryPrimitives.WriteInt32BigEndian(body, sequenceNumber++);
        BinaryPrimitives.WriteInt32BigEndian(body[4..], width);
        BinaryPrimitives.WriteInt32BigEndian(body[8..], height);
        BinaryPrimitives.WriteInt32BigEndian(body[12..], 0); // x offset
        BinaryPrimitives.WriteInt32BigEndian(body[16..], 0); // y offset
        BinaryPrimitives.WriteUInt16BigEndian(body[20..], (ushort)frameDelayMilliseconds);
        BinaryPrimitives.WriteUInt16BigEndian(body[22..], 1000); // delay denominator: milliseconds
        body[24] = 0; // dispose: none (the next frame covers everything)
        body[25] = 0; // blend: source (replace, alpha included)
        PngEncoder.WriteChunk(stream, "fcTL", body);
    }
}
