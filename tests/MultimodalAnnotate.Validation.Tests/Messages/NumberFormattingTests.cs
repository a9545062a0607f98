using System.Globalization;
using CsCheck;
using MultimodalAnnotate.Validation.Rules;

namespace MultimodalAnnotate.Validation.Tests.Messages;

/// <summary>
/// Finding messages format numbers with <see cref="ItemContext.F"/>: fixed decimals, invariant, rounded half away from
/// zero, never "-0.000". It builds the text from integers; these tests hold it to the text .NET's own fixed-point
/// formatting gives for the rounded value. The number writes itself into the message it is interpolated into, so both
/// that path and <c>ToString()</c> are held to it, and a destination too small must be refused, never overrun.
/// </summary>
public sealed class NumberFormattingTests
{
    private static readonly string[] Formats = ["0", "0.0", "0.00", "0.000"];

    private static string Expected(double value, string format)
    {
        var decimals = format.Length < 2 ? 0 : format.Length - 2;
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0.0005, "0.000", "0.001")]
    [InlineData(-0.0005, "0.000", "-0.001")]
    [InlineData(-0.0004, "0.000", "0.000")]
    [InlineData(2.675, "0.00", "2.68")]
    [InlineData(0.48, "0.000", "0.480")]
    [InlineData(1234567.891, "0.0", "1234567.9")]
    [InlineData(-12.5, "0", "-13")]
    [InlineData(9.9996, "0.000", "10.000")]
    [InlineData(1e16, "0.000", "10000000000000000.000")]
    [InlineData(double.NaN, "0.000", "NaN")]
    [InlineData(double.NegativeInfinity, "0.0", "-Infinity")]
    [InlineData(-982125827841667, "0.00", "-982125827841667.00")]
    public void KnownValues(double value, string format, string text)
    {
        ItemContext.F(value, format).ToString().Should().Be(text);
        $"at {ItemContext.F(value, format)} s".Should().Be($"at {text} s");
    }

    [Fact]
    public void AnyValue_FormatsAsFixedPointFormattingOfTheRoundedValue()
    {
        var values = Gen.OneOf(Gen.Double[-1000, 1000], Gen.Double[-1e-3, 1e-3], Gen.Double[-1e15, 1e15], Gen.Double.Special, Gen.Double,
            Gen.Int[-100000, 100000].Select(k => k / 1000.0), Gen.Int[-100000, 100000].Select(k => (k + 0.5) / 1000.0));
        Gen.Select(values, Gen.Int[0, 3]).Sample(
            (value, d) => ItemContext.F(value, Formats[d]).ToString() == Expected(value, Formats[d])
                          && $"{ItemContext.F(value, Formats[d])}|" == Expected(value, Formats[d]) + "|",
            iter: 20000);
    }

    [Fact]
    public void TooSmallADestination_IsRefused()
    {
        Gen.Select(Gen.Double[-1e6, 1e6], Gen.Int[0, 3]).Sample((value, d) =>
        {
            var number = ItemContext.F(value, Formats[d]);
            var text = number.ToString();
            var buffer = new char[text.Length + 1];
            buffer[^1] = '#';
            var fits = number.TryFormat(buffer.AsSpan(0, text.Length), out var written, default, null);
            var short1 = number.TryFormat(buffer.AsSpan(0, text.Length - 1), out _, default, null);
            return fits && written == text.Length && new string(buffer, 0, written) == text && !short1 && buffer[^1] == '#';
        }, iter: 5000);
    }

    [Fact]
    public void OtherFormats_UseDotNetFormatting() =>
        $"{ItemContext.F(2.25, "0.#")}".Should().Be(2.25.ToString("0.#", CultureInfo.InvariantCulture));
}
