namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>
/// LZF (liblzf, as used by PCL for PCD <c>binary_compressed</c>). Format: a control byte c; c &lt; 32 means
/// c + 1 literal bytes follow; otherwise a back-reference of length (c &gt;&gt; 5) + 2 (if c &gt;&gt; 5 == 7 the next
/// byte adds to the length) at distance ((c &amp; 31) &lt;&lt; 8) + next byte + 1.
/// </summary>
public static class Lzf
{
    private const int HashLog = 14;
    private const int MaxLiteral = 32;
    private const int MaxOffset = 1 << 13;
    private const int MaxReference = (1 << 8) + (1 << 3); // longest match: 7 + 255 + 2 bytes

    /// <summary>Decompresses into <paramref name="output"/>; returns the bytes written, or -1 when the input is corrupt or does not fit.</summary>
    /// <remarks>Pointer code: this loop runs once per control byte over tens of megabytes, and span bounds checks dominated it.</remarks>
    public static unsafe int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        fixed (byte* inBase = input)
        fixed (byte* outBase = output)
        {
            byte* ip = inBase, inEnd = inBase + input.Length;
            byte* op = outBase, outEnd = outBase + output.Length;
            while (ip < inEnd)
            {
                uint ctrl = *ip++;
                if (ctrl < 32)
                {
                    var length = ctrl + 1;
                    if (length > inEnd - ip || length > outEnd - op)
                    {
                        return -1;
                    }

                    Copy(ip, op, length);
                    ip += length;
                    op += length;
                }
                else
                {
                    var length = ctrl >> 5;
                    if (length == 7)
                    {
                        if (ip >= inEnd)
                        {
                            return -1;
                        }

                        length += *ip++;
                    }

                    if (ip >= inEnd)
                    {
                        return -1;
                    }

                    var distance = ((ctrl & 0x1f) << 8) + 1 + *ip++;
                    length += 2;
                    if (distance > op - outBase || length > outEnd - op)
                    {
                        return -1;
                    }

                    var reference = op - distance;
                    if (distance >= length)
                    {
                        Copy(reference, op, length);
                        op += length;
                    }
                    else
                    {
                        // Overlapping: the copy repeats the last `distance` bytes, so go byte by byte.
                        for (var k = 0u; k < length; k++)
                        {
                            *op++ = *reference++;
                        }
                    }
                }
            }

            return (int)(op - outBase);
        }
    }

    private static unsafe void Copy(byte* source, byte* destination, uint length)
    {
        if (length < 16)
        {
            for (var k = 0u; k < length; k++)
            {
                destination[k] = source[k];
            }
        }
        else
        {
            Buffer.MemoryCopy(source, destination, length, length);
        }
    }

    /// <summary>Compresses into <paramref name="output"/>; returns the bytes written, or 0 when it does not fit.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty)
        {
            return 0;
        }

        var table = new int[1 << HashLog];
        Array.Fill(table, -1);
        int ip = 0, op = 0, literal = 0;

        // Each literal run is preceded by its control byte; reserve it and fill it when the run ends.
        if (output.IsEmpty)
        {
            return 0;
        }

        op++;
        while (ip + 2 < input.Length)
        {
            var hash = Hash(input, ip);
            var reference = table[hash];
            table[hash] = ip;
            var offset = ip - reference - 1;
            if (reference >= 0 && offset < MaxOffset &&
                input[reference] == input[ip] && input[reference + 1] == input[ip + 1] && input[reference + 2] == input[ip + 2])
            {
                var maxLength = Math.Min(MaxReference, input.Length - ip);
                var length = 3;
                while (length < maxLength && input[reference + length] == input[ip + length])
                {
                    length++;
                }

                // Close the literal run (or drop its unused control byte).
                if (literal > 0)
                {
                    output[op - literal - 1] = (byte)(literal - 1);
                    literal = 0;
                }
                else
                {
                    op--;
                }

                if (op + 3 + 1 > output.Length)
                {
                    return 0;
                }

                var code = length - 2;
                if (code < 7)
                {
                    output[op++] = (byte)((code << 5) + (offset >> 8));
                }
                else
                {
                    output[op++] = (byte)((7 << 5) + (offset >> 8));
                    output[op++] = (byte)(code - 7);
                }

                output[op++] = (byte)offset;
                op++; // control byte of the next literal run
                for (var k = 1; k < length && ip + k + 2 < input.Length; k++)
                {
                    table[Hash(input, ip + k)] = ip + k;
                }

                ip += length;
            }
            else
            {
                if (!EmitLiteral(input[ip++], output, ref op, ref literal))
                {
                    return 0;
                }
            }
        }

        while (ip < input.Length)
        {
            if (!EmitLiteral(input[ip++], output, ref op, ref literal))
            {
                return 0;
            }
        }

        if (literal > 0)
        {
            output[op - literal - 1] = (byte)(literal - 1);
        }
        else
        {
            op--;
        }

        return op;
    }

    /// <summary>A safe output size for <see cref="Compress"/> on <paramref name="inputLength"/> bytes (incompressible data grows by 1/32).</summary>
    public static int MaxCompressedLength(int inputLength) => inputLength + (inputLength / MaxLiteral) + 16;

    private static bool EmitLiteral(byte value, Span<byte> output, ref int op, ref int literal)
    {
        if (op >= output.Length)
        {
            return false;
        }

        output[op++] = value;
        literal++;
        if (literal == MaxLiteral)
        {
            output[op - literal - 1] = MaxLiteral - 1;
            literal = 0;
            if (op >= output.Length)
            {
                return false;
            }

            op++;
        }

        return true;
    }

    private static int Hash(ReadOnlySpan<byte> input, int i)
    {
        var v = (uint)((input[i] << 16) | (input[i + 1] << 8) | input[i + 2]);
        return (int)((v * 2654435761u) >> (32 - HashLog));
    }
}
