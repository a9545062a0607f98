using System.Buffers.Binary;
using System.Text.Unicode;

namespace MultimodalAnnotate.Media.Ingest;

/// <summary>Recognises a file from its first bytes (and, for headerless KITTI scans, its length). Pure.</summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants.</summary>
    public const int HeadLength = 64 * 1024;

    /// <summary>
    /// The kind of a file whose first bytes are <paramref name="head"/> and whose total size is <paramref name="length"/>.
    /// <paramref name="extension"/> only matters for KITTI scans, which have no magic number: a .bin file whose length
    /// is a multiple of 16 and whose first records are plausible coordinates.
    /// </summary>
    public static FileKind Sniff(ReadOnlySpan<byte> head, long length, string? extension)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return FileKind.Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return FileKind.Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return FileKind.Gif;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return FileKind.Tiff;
        }

        if (head.Length >= 12 && (head.StartsWith("RIFF"u8) || head.StartsWith("RF64"u8)))
        {
            var form = head.Slice(8, 4);
            if (form.SequenceEqual("WAVE"u8))
            {
                return FileKind.Wav;
            }

            if (form.SequenceEqual("WEBP"u8))
            {
                return FileKind.WebP;
            }

            if (form.SequenceEqual("AVI "u8))
            {
                return FileKind.Avi;
            }
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return head.Slice(8, 4).SequenceEqual("qt  "u8) ? FileKind.QuickTime : FileKind.Mp4;
        }

        if (head.Length >= 8 && (head.Slice(4, 4).SequenceEqual("moov"u8) || head.Slice(4, 4).SequenceEqual("mdat"u8) || head.Slice(4, 4).SequenceEqual("wide"u8)))
        {
            return FileKind.QuickTime;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            // The EBML header names the DocType within its first few dozen bytes.
            return head[..Math.Min(head.Length, 64)].IndexOf("webm"u8) >= 0 ? FileKind.WebM : FileKind.Matroska;
        }

        if (head.StartsWith("OggS"u8))
        {
            return FileKind.Ogg;
        }

        if (head.StartsWith("fLaC"u8))
        {
            return FileKind.Flac;
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && ((head[1] >> 1) & 3) != 0))
        {
            return FileKind.Mp3;
        }

        if (head.StartsWith("ply\n"u8) || head.StartsWith("ply\r\n"u8))
        {
            return FileKind.Ply;
        }

        if (head.StartsWith("# .PCD"u8) || head.StartsWith("VERSION"u8) || head.StartsWith("FIELDS"u8))
        {
            return FileKind.Pcd;
        }

        if (IsText(head, complete: head.Length >= length))
        {
            return FileKind.Text;
        }

        if (string.Equals(extension, ".bin", StringComparison.OrdinalIgnoreCase) && length > 0 && length % 16 == 0 && LooksLikeKittiRecords(head))
        {
            return FileKind.KittiBin;
        }

        return FileKind.Unknown;
    }

    /// <summary>Valid UTF-8 without NUL or other control characters (tab, CR, LF, FF excepted).</summary>
    public static bool IsText(ReadOnlySpan<byte> bytes, bool complete)
    {
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        if (Utf8.IsValid(bytes))
        {
            return true;
        }

        // A head cut in the middle of a multi-byte character is still text.
        for (var cut = 1; !complete && cut <= 3 && cut < bytes.Length; cut++)
        {
            if (Utf8.IsValid(bytes[..^cut]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LooksLikeKittiRecords(ReadOnlySpan<byte> head)
    {
        var records = Math.Min(head.Length / 16, 256);
        if (records == 0)
        {
            return false;
        }

        for (var i = 0; i < records; i++)
        {
            for (var k = 0; k < 4; k++)
            {
                var v = BinaryPrimitives.ReadSingleLittleEndian(head[((i * 16) + (k * 4))..]);
                if (!float.IsFinite(v) || Math.Abs(v) > 10_000)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
