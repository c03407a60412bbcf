namespace IlgpuNet.Reporting;

/// <summary>An 8-bit sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb White => new(255, 255, 255);

    public static Rgb Black => new(0, 0, 0);

    /// <summary>Parses "#rrggbb".</summary>
    public static Rgb FromHex(string hex)
    {
        var digits = hex.TrimStart('#');
        if (digits.Length != 6)
        {
            throw new FormatException($"expected a colour like #1f77b4, got '{hex}'");
        }

        int value = Convert.ToInt32(digits, 16);
        return new Rgb((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    public string ToHex() => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Relative luminance 0..1 (Rec. 709 weights on the gamma-encoded values: enough to pick black or white text).</summary>
    public double Luminance => (0.2126 * R + 0.7152 * G + 0.0722 * B) / 255.0;

    public override string ToString() => ToHex();
}
