namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>Row-major 4×4 matrix helpers on double[16] (the shared model's <c>SensorToCommon</c> layout).</summary>
public static class Matrix4
{
    /// <summary>a · b.</summary>
    public static double[] Multiply(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var r = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                double sum = 0;
                for (var k = 0; k < 4; k++)
                {
                    sum += a[(i * 4) + k] * b[(k * 4) + j];
                }

                r[(i * 4) + j] = sum;
            }
        }

        return r;
    }

    /// <summary>The general inverse (Gauss–Jordan with partial pivoting); calibration rotations are not exactly orthonormal.</summary>
    public static double[] Invert(IReadOnlyList<double> m)
    {
        var a = new double[4, 8];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                a[i, j] = m[(i * 4) + j];
            }

            a[i, 4 + i] = 1;
        }

        for (var col = 0; col < 4; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < 4; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-12)
            {
                throw new ArgumentException("the matrix is singular", nameof(m));
            }

            for (var j = 0; j < 8; j++)
            {
                (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            }

            var p = a[col, col];
            for (var j = 0; j < 8; j++)
            {
                a[col, j] /= p;
            }

            for (var row = 0; row < 4; row++)
            {
                if (row != col && a[row, col] != 0)
                {
                    var f = a[row, col];
                    for (var j = 0; j < 8; j++)
                    {
                        a[row, j] -= f * a[col, j];
                    }
                }
            }
        }

        var r = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                r[(i * 4) + j] = a[i, 4 + j];
            }
        }

        return r;
    }
}
