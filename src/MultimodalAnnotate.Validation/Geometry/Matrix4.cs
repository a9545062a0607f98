using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Geometry;

/// <summary>A 4×4 matrix (row-major, column vectors: <c>p' = M · p</c>) for rigid and projective transforms.</summary>
public readonly struct Matrix4 : IEquatable<Matrix4>
{
    private readonly double _m00, _m01, _m02, _m03, _m10, _m11, _m12, _m13, _m20, _m21, _m22, _m23, _m30, _m31, _m32, _m33;

    /// <summary>Creates a matrix from 16 values in row-major order.</summary>
    public Matrix4(ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length != 16)
        {
            throw new ArgumentException($"A 4x4 matrix needs 16 values, got {rowMajor.Length}.", nameof(rowMajor));
        }

        (_m00, _m01, _m02, _m03) = (rowMajor[0], rowMajor[1], rowMajor[2], rowMajor[3]);
        (_m10, _m11, _m12, _m13) = (rowMajor[4], rowMajor[5], rowMajor[6], rowMajor[7]);
        (_m20, _m21, _m22, _m23) = (rowMajor[8], rowMajor[9], rowMajor[10], rowMajor[11]);
        (_m30, _m31, _m32, _m33) = (rowMajor[12], rowMajor[13], rowMajor[14], rowMajor[15]);
    }

    /// <summary>The identity.</summary>
    public static Matrix4 Identity { get; } = new([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    /// <summary>Element at <paramref name="row"/>, <paramref name="column"/> (0-based).</summary>
    public double this[int row, int column] => ((row * 4) + column) switch
    {
        0 => _m00, 1 => _m01, 2 => _m02, 3 => _m03,
        4 => _m10, 5 => _m11, 6 => _m12, 7 => _m13,
        8 => _m20, 9 => _m21, 10 => _m22, 11 => _m23,
        12 => _m30, 13 => _m31, 14 => _m32, 15 => _m33,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    /// <summary>Reads a row-major list of 16 values (e.g. <see cref="Calibration.SensorToCommon"/>).</summary>
    public static Matrix4 FromRowMajor(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != 16)
        {
            throw new ArgumentException($"A 4x4 matrix needs 16 values, got {values.Count}.", nameof(values));
        }

        Span<double> copy = stackalloc double[16];
        for (var i = 0; i < 16; i++)
        {
            copy[i] = values[i];
        }

        return new Matrix4(copy);
    }

    /// <summary>A transform that rotates by <paramref name="yaw"/> radians about z, then translates.</summary>
    public static Matrix4 FromYawTranslation(double yaw, Vec3 translation)
    {
        var (s, c) = Math.SinCos(yaw);
        return new Matrix4([c, -s, 0, translation.X, s, c, 0, translation.Y, 0, 0, 1, translation.Z, 0, 0, 0, 1]);
    }

    /// <summary>The 16 values in row-major order.</summary>
    public double[] ToRowMajor() =>
        [_m00, _m01, _m02, _m03, _m10, _m11, _m12, _m13, _m20, _m21, _m22, _m23, _m30, _m31, _m32, _m33];

    /// <summary>Matrix product <c>a · b</c> (apply <paramref name="b"/> first).</summary>
    public static Matrix4 operator *(Matrix4 a, Matrix4 b)
    {
        Span<double> r = stackalloc double[16];
        Span<double> x = stackalloc double[16];
        Span<double> y = stackalloc double[16];
        a.CopyTo(x);
        b.CopyTo(y);
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                r[(i * 4) + j] = (x[i * 4] * y[j]) + (x[(i * 4) + 1] * y[4 + j]) + (x[(i * 4) + 2] * y[8 + j]) + (x[(i * 4) + 3] * y[12 + j]);
            }
        }

        return new Matrix4(r);
    }

    /// <summary>Same as <c>a · b</c>.</summary>
    public static Matrix4 Multiply(Matrix4 a, Matrix4 b) => a * b;

    /// <summary>Copies the 16 values in row-major order.</summary>
    public void CopyTo(Span<double> destination)
    {
        destination[0] = _m00; destination[1] = _m01; destination[2] = _m02; destination[3] = _m03;
        destination[4] = _m10; destination[5] = _m11; destination[6] = _m12; destination[7] = _m13;
        destination[8] = _m20; destination[9] = _m21; destination[10] = _m22; destination[11] = _m23;
        destination[12] = _m30; destination[13] = _m31; destination[14] = _m32; destination[15] = _m33;
    }

    /// <summary>Transforms a point (w = 1), dividing by the resulting w when it is not 1.</summary>
    public Vec3 TransformPoint(Vec3 p)
    {
        var x = (_m00 * p.X) + (_m01 * p.Y) + (_m02 * p.Z) + _m03;
        var y = (_m10 * p.X) + (_m11 * p.Y) + (_m12 * p.Z) + _m13;
        var z = (_m20 * p.X) + (_m21 * p.Y) + (_m22 * p.Z) + _m23;
        var w = (_m30 * p.X) + (_m31 * p.Y) + (_m32 * p.Z) + _m33;
        return w == 1 || w == 0 ? new Vec3(x, y, z) : new Vec3(x / w, y / w, z / w);
    }

    /// <summary>Transforms a direction (w = 0): rotation and scale only.</summary>
    public Vec3 TransformDirection(Vec3 d) => new(
        (_m00 * d.X) + (_m01 * d.Y) + (_m02 * d.Z),
        (_m10 * d.X) + (_m11 * d.Y) + (_m12 * d.Z),
        (_m20 * d.X) + (_m21 * d.Y) + (_m22 * d.Z));

    /// <summary>The general inverse (Gauss–Jordan with partial pivoting); false for a singular matrix.</summary>
    public bool TryInvert(out Matrix4 inverse)
    {
        Span<double> a = stackalloc double[16];
        Span<double> inv = stackalloc double[16];
        CopyTo(a);
        Identity.CopyTo(inv);
        for (var col = 0; col < 4; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 4; r++)
            {
                if (Math.Abs(a[(r * 4) + col]) > Math.Abs(a[(pivot * 4) + col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[(pivot * 4) + col]) < 1e-12)
            {
                inverse = Identity;
                return false;
            }

            if (pivot != col)
            {
                for (var k = 0; k < 4; k++)
                {
                    (a[(col * 4) + k], a[(pivot * 4) + k]) = (a[(pivot * 4) + k], a[(col * 4) + k]);
                    (inv[(col * 4) + k], inv[(pivot * 4) + k]) = (inv[(pivot * 4) + k], inv[(col * 4) + k]);
                }
            }

            var scale = 1 / a[(col * 4) + col];
            for (var k = 0; k < 4; k++)
            {
                a[(col * 4) + k] *= scale;
                inv[(col * 4) + k] *= scale;
            }

            for (var r = 0; r < 4; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var f = a[(r * 4) + col];
                if (f == 0)
                {
                    continue;
                }

                for (var k = 0; k < 4; k++)
                {
                    a[(r * 4) + k] -= f * a[(col * 4) + k];
                    inv[(r * 4) + k] -= f * inv[(col * 4) + k];
                }
            }
        }

        inverse = new Matrix4(inv);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Matrix4 other)
    {
        Span<double> a = stackalloc double[16];
        Span<double> b = stackalloc double[16];
        CopyTo(a);
        other.CopyTo(b);
        return a.SequenceEqual(b);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Matrix4 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_m00, _m11, _m22, _m03, _m13, _m23);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Matrix4 left, Matrix4 right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Matrix4 left, Matrix4 right) => !left.Equals(right);
}
