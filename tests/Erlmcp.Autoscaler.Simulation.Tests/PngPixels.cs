using System.Buffers.Binary;
using System.IO.Compression;

namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>Decodes an 8-bit RGB or RGBA PNG (what Chromium's screenshots are) into its pixels, to count them.</summary>
internal sealed class PngPixels
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngPixels(int width, int height, int channels, byte[] rows)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Rows = rows;
    }

    public int Width { get; }

    public int Height { get; }

    private int Channels { get; }

    // Unfiltered, one row after another, no filter bytes.
    private byte[] Rows { get; }

    public static PngPixels Read(string path)
    {
        var file = File.ReadAllBytes(path);
        if (!file.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException($"{path}: not a PNG");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                (var depth, var color, var interlace) = (data[8], data[9], data[12]);
                channels = color switch { 2 => 3, 6 => 4, _ => 0 };
                if (depth != 8 || channels == 0 || interlace != 0)
                {
                    throw new InvalidDataException($"{path}: bit depth {depth}, color type {color}, interlace {interlace}: only 8-bit RGB or RGBA, not interlaced");
                }
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngPixels(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Pixels whose red, green or blue is below 250: anything drawn on a white page.</summary>
    public long CountNotWhite()
    {
        long count = 0;
        for (var i = 0; i < Rows.Length; i += Channels)
        {
            count += Rows[i] < 250 || Rows[i + 1] < 250 || Rows[i + 2] < 250 ? 1 : 0;
        }

        return count;
    }

    private static byte[] Unfilter(byte[] filtered, int width, int height, int channels)
    {
        var stride = width * channels;
        var rows = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = filtered[y * (stride + 1)];
            var source = filtered.AsSpan(y * (stride + 1) + 1, stride);
            var row = rows.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> above = y == 0 ? new byte[stride] : rows.AsSpan((y - 1) * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? row[x - channels] : 0, b = above[x], c = x >= channels ? above[x - channels] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"row {y}: filter {filter} is not a PNG filter"),
                });
            }
        }

        return rows;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
