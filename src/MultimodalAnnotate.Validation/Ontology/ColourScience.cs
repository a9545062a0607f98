using System.Globalization;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>A colour in CIE L*a*b* (D65 white point).</summary>
public readonly record struct LabColour(double L, double A, double B);

/// <summary>sRGB → CIE Lab conversion and perceptual colour distances (CIE76, CIEDE2000).</summary>
public static class ColourScience
{
    /// <summary>
    /// Parses <c>#rrggbb</c> into Lab (the leading <c>#</c> is optional here, for a colour term's definition; a colour
    /// attribute's value needs it, see <see cref="ColourTaxonomy.TryResolve"/>). Returns false for anything else.
    /// </summary>
    public static bool TryParseHex(ReadOnlySpan<char> text, out LabColour lab)
    {
        lab = default;
        text = text.Trim();
        if (text.Length > 0 && text[0] == '#')
        {
            text = text[1..];
        }

        if (text.Length != 6 ||
            !int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
        {
            return false;
        }

        lab = FromSrgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        return true;
    }

    /// <summary>Converts 8-bit sRGB to Lab (D65).</summary>
    public static LabColour FromSrgb(int red, int green, int blue)
    {
        var r = Linear(red / 255.0);
        var g = Linear(green / 255.0);
        var b = Linear(blue / 255.0);
        var x = ((0.4124564 * r) + (0.3575761 * g) + (0.1804375 * b)) / 0.95047;
        var y = (0.2126729 * r) + (0.7151522 * g) + (0.0721750 * b);
        var z = ((0.0193339 * r) + (0.1191920 * g) + (0.9503041 * b)) / 1.08883;
        var fx = F(x);
        var fy = F(y);
        var fz = F(z);
        return new LabColour((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));

        static double Linear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        static double F(double t) => t > 216.0 / 24389.0 ? Math.Cbrt(t) : ((24389.0 / 27.0 * t) + 16) / 116;
    }

    /// <summary>The distance between two Lab colours by <paramref name="formula"/>.</summary>
    public static double Distance(LabColour a, LabColour b, ColourDistanceFormula formula) =>
        formula == ColourDistanceFormula.Cie76 ? Cie76(a, b) : Ciede2000(a, b);

    /// <summary>CIE76 ΔE*ab: Euclidean distance in Lab.</summary>
    public static double Cie76(LabColour a, LabColour b)
    {
        var dl = a.L - b.L;
        var da = a.A - b.A;
        var db = a.B - b.B;
        return Math.Sqrt((dl * dl) + (da * da) + (db * db));
    }

    /// <summary>CIEDE2000 ΔE00 with kL = kC = kH = 1 (Sharma, Wu and Dalal 2005).</summary>
    public static double Ciede2000(LabColour first, LabColour second)
    {
        const double Pow25To7 = 6103515625.0;
        var c1 = Math.Sqrt((first.A * first.A) + (first.B * first.B));
        var c2 = Math.Sqrt((second.A * second.A) + (second.B * second.B));
        var cMean = (c1 + c2) / 2;
        var cMean7 = Math.Pow(cMean, 7);
        var g = 0.5 * (1 - Math.Sqrt(cMean7 / (cMean7 + Pow25To7)));
        var a1 = (1 + g) * first.A;
        var a2 = (1 + g) * second.A;
        var c1p = Math.Sqrt((a1 * a1) + (first.B * first.B));
        var c2p = Math.Sqrt((a2 * a2) + (second.B * second.B));
        var h1p = Hue(first.B, a1);
        var h2p = Hue(second.B, a2);

        var dLp = second.L - first.L;
        var dCp = c2p - c1p;
        double dhp;
        if (c1p * c2p == 0)
        {
            dhp = 0;
        }
        else
        {
            dhp = h2p - h1p;
            if (dhp > 180)
            {
                dhp -= 360;
            }
            else if (dhp < -180)
            {
                dhp += 360;
            }
        }

        var dHp = 2 * Math.Sqrt(c1p * c2p) * Math.Sin(Radians(dhp / 2));
        var lMean = (first.L + second.L) / 2;
        var cpMean = (c1p + c2p) / 2;
        double hMean;
        if (c1p * c2p == 0)
        {
            hMean = h1p + h2p;
        }
        else if (Math.Abs(h1p - h2p) <= 180)
        {
            hMean = (h1p + h2p) / 2;
        }
        else
        {
            hMean = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
        }

        var t = 1 - (0.17 * Math.Cos(Radians(hMean - 30))) + (0.24 * Math.Cos(Radians(2 * hMean))) +
                (0.32 * Math.Cos(Radians((3 * hMean) + 6))) - (0.20 * Math.Cos(Radians((4 * hMean) - 63)));
        var dTheta = 30 * Math.Exp(-Math.Pow((hMean - 275) / 25, 2));
        var cpMean7 = Math.Pow(cpMean, 7);
        var rc = 2 * Math.Sqrt(cpMean7 / (cpMean7 + Pow25To7));
        var l50 = (lMean - 50) * (lMean - 50);
        var sl = 1 + (0.015 * l50 / Math.Sqrt(20 + l50));
        var sc = 1 + (0.045 * cpMean);
        var sh = 1 + (0.015 * cpMean * t);
        var rt = -Math.Sin(Radians(2 * dTheta)) * rc;
        var l = dLp / sl;
        var c = dCp / sc;
        var h = dHp / sh;
        return Math.Sqrt((l * l) + (c * c) + (h * h) + (rt * c * h));

        static double Hue(double b, double a)
        {
            if (a == 0 && b == 0)
            {
                return 0;
            }

            var degrees = Math.Atan2(b, a) * 180 / Math.PI;
            return degrees < 0 ? degrees + 360 : degrees;
        }

        static double Radians(double degrees) => degrees * Math.PI / 180;
    }
}
