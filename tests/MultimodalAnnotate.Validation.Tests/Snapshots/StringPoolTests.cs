using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Snapshots;

/// <summary>
/// Shared strings must always equal what was asked for, come back as one instance when they repeat, and be read from
/// JSON exactly as the reader itself reads strings.
/// </summary>
public sealed class StringPoolTests
{
    // ASCII words, accented and non-Latin text, surrogate pairs, quotes and control characters (escaped in JSON),
    // around the shared length limit.
    private static readonly Gen<string> Texts = Gen.String[
        Gen.OneOf(Gen.Char.AlphaNumeric, Gen.Char['\0', '\u00ff'], Gen.Char['\u0400', '\u04ff'], Gen.Char['\ud83d', '\ud83d'], Gen.Char['"', '"']),
        0, StringPool.MaxLength + 8].Select(FixSurrogates);

    [Fact]
    public void Share_ReturnsAnEqualString_AndOneInstanceForRepeatsOfShortOnes()
    {
        Texts.Sample(text =>
        {
            var first = StringPool.Share(new string(text.AsSpan()));
            var again = StringPool.Share(new string(text.AsSpan()));
            var fromChars = StringPool.Share(text.AsSpan());

            first.Should().Be(text);
            again.Should().Be(text);
            fromChars.Should().Be(text);
            if (text.Length <= StringPool.MaxLength)
            {
                again.Should().BeSameAs(first, "a short string seen a moment ago is shared");
                fromChars.Should().BeSameAs(first);
            }
            else
            {
                again.Should().NotBeSameAs(first, "long strings are not shared");
            }
        }, iter: 2000);
    }

    [Fact]
    public void ReadString_ReadsWhatTheReaderReads_EscapedOrNot()
    {
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Texts.Sample(text =>
        {
            foreach (var json in new[] { JsonSerializer.Serialize(text), JsonSerializer.Serialize(text, relaxed) })
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                var reader = new Utf8JsonReader(bytes);
                reader.Read();

                var shared = StringPool.ReadString(ref reader);

                shared.Should().Be(reader.GetString(), $"reading {json}");
                shared.Should().Be(text);
            }
        }, iter: 2000);
    }

    [Fact]
    public void ReadString_LeavesInvalidUtf8ToTheReader()
    {
        byte[] json = [(byte)'"', (byte)'a', 0xC3, (byte)'"'];
        var expected = Record.Exception(() => ReadPlain(json));

        var read = Record.Exception(() => ReadShared(json));

        expected.Should().NotBeNull("the reader rejects a truncated UTF-8 sequence");
        read.Should().BeOfType(expected!.GetType());
    }

    [Fact]
    public void AnItemReadFromJson_SharesLabelsAttributeNamesAndShortValues()
    {
        var note = new string('x', StringPool.MaxLength + 1);
        var json = $$$"""
            [{"id":"00000000-0000-0000-0000-000000000001","assetId":"00000000-0000-0000-0000-000000000009","label":"police car","attributes":{"colour":"navy","note":"{{{note}}}"},"geometry":{"kind":"box2d","x":1,"y":1,"width":2,"height":2}},
             {"id":"00000000-0000-0000-0000-000000000002","assetId":"00000000-0000-0000-0000-000000000009","label":"police car","attributes":{"colour":"navy","note":"{{{note}}}"},"geometry":{"kind":"box2d","x":5,"y":1,"width":2,"height":2}}]
            """;

        var annotations = JsonSerializer.Deserialize<AnnotationSnapshot[]>(json, ModelJson.Options)!;

        var (first, second) = ((AttributeDictionary)annotations[0].Attributes, (AttributeDictionary)annotations[1].Attributes);
        annotations[1].Label.Should().Be("police car").And.BeSameAs(annotations[0].Label);
        second.KeyAt(0).Should().BeSameAs(first.KeyAt(0));
        second.ValueAt(0).Should().Be("navy").And.BeSameAs(first.ValueAt(0));
        second.ValueAt(1).Should().Be(note).And.NotBeSameAs(first.ValueAt(1), "long values are not shared");
    }

    [Fact]
    public void ALabelThatIsNotAString_IsStillRejected()
    {
        foreach (var label in new[] { "null", "7" })
        {
            var json = """{"id":"00000000-0000-0000-0000-000000000001","assetId":"00000000-0000-0000-0000-000000000009","label":"""
                       + label + ""","attributes":{},"geometry":{"kind":"box2d","x":1,"y":1,"width":2,"height":2}}""";

            var read = () => JsonSerializer.Deserialize<AnnotationSnapshot>(json, ModelJson.Options);

            read.Should().Throw<JsonException>($"label {label}").Which.Path.Should().Be("$.label");
        }
    }

    private static string? ReadPlain(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.GetString();
    }

    private static string ReadShared(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return StringPool.ReadString(ref reader);
    }

    // A lone surrogate is not valid UTF-16 text (the writer replaces it); pair each high surrogate with a low one.
    private static string FixSurrogates(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                builder.Append("😀");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
