using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>A <see cref="ValidationPolicy"/> turned into lookup tables once per validator.</summary>
internal sealed class CompiledPolicy
{
    private const int Modalities = 5;
    private const int Granularities = 8;
    private readonly double[] _tolerance = new double[Modalities * Modalities];
    private readonly bool[] _forbidden = new bool[Modalities * Granularities * Modalities * Granularities];
    private readonly bool[] _mustMatch = new bool[Modalities * Modalities];
    private readonly bool[] _aligned = new bool[Modalities * Modalities];

    public CompiledPolicy(ValidationPolicy policy, CompiledOntology ontology)
    {
        Policy = policy;
        _colours = ontology.Colours;
        _countVerdicts = new ColourVerdict[]?[ontology.Colours.Count];
        Array.Fill(_tolerance, policy.DefaultTemporalTolerance);
        foreach (var (key, value) in policy.TemporalTolerance ?? new Dictionary<string, double>())
        {
            var parts = key.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Enum.TryParse<Modality>(parts[0], true, out var a) || !Enum.TryParse<Modality>(parts[1], true, out var b))
            {
                throw new ArgumentException($"TemporalTolerance key '{key}' is not 'Modality-Modality'.", nameof(policy));
            }

            _tolerance[((int)a * Modalities) + (int)b] = value;
            _tolerance[((int)b * Modalities) + (int)a] = value;
        }

        foreach (var rule in policy.ForbiddenGranularityLinks ?? [])
        {
            var sides = rule.Split('|', StringSplitOptions.TrimEntries);
            if (sides.Length != 2)
            {
                throw new ArgumentException($"ForbiddenGranularityLinks entry '{rule}' is not 'Modality:Granularity|Modality:Granularity'.", nameof(policy));
            }

            var (m1, g1) = ParseSide(sides[0], rule);
            var (m2, g2) = ParseSide(sides[1], rule);
            foreach (var ma in m1)
            {
                foreach (var ga in g1)
                {
                    foreach (var mb in m2)
                    {
                        foreach (var gb in g2)
                        {
                            _forbidden[Index(ma, ga, mb, gb)] = true;
                            _forbidden[Index(mb, gb, ma, ga)] = true;
                        }
                    }
                }
            }
        }

        foreach (var pair in policy.GranularityMustMatch ?? [])
        {
            var sides = pair.Split('|', '-');
            if (sides.Length != 2 || !Enum.TryParse<Modality>(sides[0].Trim(), true, out var a) || !Enum.TryParse<Modality>(sides[1].Trim(), true, out var b))
            {
                throw new ArgumentException($"GranularityMustMatch entry '{pair}' is not 'Modality|Modality'.", nameof(policy));
            }

            _mustMatch[((int)a * Modalities) + (int)b] = true;
            _mustMatch[((int)b * Modalities) + (int)a] = true;
        }

        foreach (var pair in policy.AlignedBoundaries ?? [])
        {
            var sides = pair.Split('|', '-');
            if (sides.Length != 2 || !Enum.TryParse<Modality>(sides[0].Trim(), true, out var a) || !Enum.TryParse<Modality>(sides[1].Trim(), true, out var b) || a == b)
            {
                throw new ArgumentException($"AlignedBoundaries entry '{pair}' is not 'Modality-Modality' with two different modalities.", nameof(policy));
            }

            _aligned[((int)a * Modalities) + (int)b] = true;
            _aligned[((int)b * Modalities) + (int)a] = true;
            HasAlignedBoundaries = true;
        }

        RequiredTextClasses = ResolveClasses(policy.RequiredTextMentionClasses, ontology, nameof(ValidationPolicy.RequiredTextMentionClasses));
        VisualSourceClasses = ResolveClasses(policy.VisualSourceClasses, ontology, nameof(ValidationPolicy.VisualSourceClasses));
        var links = new List<RequiredLink>();
        foreach (var rule in policy.RequiredLinks ?? [])
        {
            var arrow = rule.IndexOf("->", StringComparison.Ordinal);
            var colon = rule.IndexOf(':', StringComparison.Ordinal);
            if (arrow < 0 || colon < 0 || colon > arrow ||
                !Enum.TryParse<Modality>(rule[..colon].Trim(), true, out var from) ||
                !Enum.TryParse<Modality>(rule[(arrow + 2)..].Trim(), true, out var to))
            {
                throw new ArgumentException($"RequiredLinks entry '{rule}' is not 'Modality:class->Modality'.", nameof(policy));
            }

            var className = rule[(colon + 1)..arrow].Trim();
            var classId = -1;
            if (className != "*" && !ontology.TryGetClass(className, out classId))
            {
                throw new ArgumentException($"RequiredLinks entry '{rule}' names '{className}', which is not a class of the ontology.", nameof(policy));
            }

            links.Add(new RequiredLink(from, classId, to, rule.Trim()));
        }

        RequiredLinks = [.. links];
        ModalitySpecific = new HashSet<string>(policy.ModalitySpecificAttributes ?? [], StringComparer.OrdinalIgnoreCase);
        var colours = new List<string>();
        var agreement = new List<string>();
        var checkedValues = new List<CheckedAttribute>();
        foreach (var attribute in ontology.Definition.Attributes ?? [])
        {
            if (CheckedAttribute.Of(attribute) is { } check && checkedValues.Count < 32)
            {
                checkedValues.Add(check);
            }

            if (attribute.Kind == AttributeKind.Colour)
            {
                colours.Add(attribute.Name);
            }
            else if (attribute.Kind is AttributeKind.Enumeration or AttributeKind.Boolean && !ModalitySpecific.Contains(attribute.Name))
            {
                agreement.Add(attribute.Name);
            }
        }

        ColourAttributes = [.. colours];
        AgreementAttributes = [.. agreement];
        CheckedAttributes = [.. checkedValues];
        var names = new List<string>();
        ColourAttributeSlots = [.. colours.Select(n => SlotOf(names, n))];
        AgreementAttributeSlots = [.. agreement.Select(n => SlotOf(names, n))];
        CheckedAttributeSlots = [.. checkedValues.Select(c => SlotOf(names, c.Name))];
        CrowdAttributeSlot = string.IsNullOrEmpty(policy.CrowdAttribute) ? -1 : SlotOf(names, policy.CrowdAttribute);
        AttributeNames = [.. names];
    }

    private static int SlotOf(List<string> names, string name)
    {
        var slot = names.IndexOf(name);
        if (slot < 0)
        {
            slot = names.Count;
            names.Add(name);
        }

        return slot;
    }

    /// <summary>
    /// Every attribute name the rules read, once each (ordinal): a validation reads these values of an annotation in one
    /// go (see <see cref="ItemContext.AttributeValue"/>). The <c>…Slots</c> arrays give each list's names' positions here.
    /// </summary>
    public string[] AttributeNames { get; }

    public int[] ColourAttributeSlots { get; }

    public int[] AgreementAttributeSlots { get; }

    public int[] CheckedAttributeSlots { get; }

    /// <summary>The slot of <see cref="ValidationPolicy.CrowdAttribute"/>, or -1 when the policy names none.</summary>
    public int CrowdAttributeSlot { get; }

    /// <summary>Declared attributes whose values SEM-011 checks: enumerations with values, numbers, booleans (at most 32).</summary>
    public CheckedAttribute[] CheckedAttributes { get; }

    /// <summary>Attributes of kind colour, compared through the colour taxonomy.</summary>
    public string[] ColourAttributes { get; }

    /// <summary>Enumeration and boolean attributes that must agree across an entity's mentions.</summary>
    public string[] AgreementAttributes { get; }

    public ValidationPolicy Policy { get; }

    private readonly ColourTaxonomy _colours;
    private readonly ColourVerdict[]?[] _countVerdicts;

    /// <summary>
    /// Whether an object whose colour is term <paramref name="own"/> is one of the objects a text counting
    /// "<paramref name="claimed"/>" ones means (REF-005): Agree when its colour is the claimed one or a shade of it, Near
    /// when it is broader (a car labelled blue may be the navy one meant) or near under the policy, Conflict otherwise.
    /// Each claimed term's row is computed on first use and kept (validators are shared between threads; a row
    /// computed twice is the same).
    /// </summary>
    public ColourVerdict CountVerdict(int claimed, int own)
    {
        var row = Volatile.Read(ref _countVerdicts[claimed]);
        if (row is null)
        {
            row = new ColourVerdict[_colours.Count];
            for (var t = 0; t < row.Length; t++)
            {
                row[t] = _colours.IsShadeOrSelf(t, claimed) ? ColourVerdict.Agree
                    : _colours.IsShadeOrSelf(claimed, t) ? ColourVerdict.Near
                    : _colours.Compare(claimed, _colours.LabOf(claimed), t, _colours.LabOf(t), Policy).Verdict;
            }

            Volatile.Write(ref _countVerdicts[claimed], row);
        }

        return row[own];
    }

    /// <summary>Parsed <see cref="ValidationPolicy.RequiredLinks"/>; class -1 means any class.</summary>
    public RequiredLink[] RequiredLinks { get; }

    public int[] RequiredTextClasses { get; }

    public int[] VisualSourceClasses { get; }

    public HashSet<string> ModalitySpecific { get; }

    public double Tolerance(Modality a, Modality b) => _tolerance[((int)a * Modalities) + (int)b];

    public bool IsForbidden(Modality ma, Granularity ga, Modality mb, Granularity gb) => _forbidden[Index(ma, ga, mb, gb)];

    public bool MustMatch(Modality a, Modality b) => _mustMatch[((int)a * Modalities) + (int)b];

    /// <summary>Whether linked intervals on this modality pair must start and end together (TMP-008).</summary>
    public bool AlignsBoundaries(Modality a, Modality b) => _aligned[((int)a * Modalities) + (int)b];

    /// <summary>Whether any modality pair aligns boundaries.</summary>
    public bool HasAlignedBoundaries { get; }

    /// <summary>The policy's key for a modality pair, in enum order ("Video-Audio").</summary>
    public static string PairName(Modality a, Modality b) => a <= b ? $"{a}-{b}" : $"{b}-{a}";

    private static int Index(Modality ma, Granularity ga, Modality mb, Granularity gb) =>
        ((((((int)ma * Granularities) + (int)ga) * Modalities) + (int)mb) * Granularities) + (int)gb;

    private static (Modality[] Modalities, Granularity[] Granularities) ParseSide(string side, string rule)
    {
        var parts = side.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new ArgumentException($"ForbiddenGranularityLinks entry '{rule}': '{side}' is not 'Modality:Granularity'.", nameof(rule));
        }

        Modality[] modalities = parts[0] == "*"
            ? Enum.GetValues<Modality>()
            : Enum.TryParse<Modality>(parts[0], true, out var m) ? [m] : throw new ArgumentException($"ForbiddenGranularityLinks entry '{rule}': unknown modality '{parts[0]}'.", nameof(rule));
        Granularity[] granularities = parts[1] == "*"
            ? Enum.GetValues<Granularity>()
            : Enum.TryParse<Granularity>(parts[1], true, out var g) ? [g] : throw new ArgumentException($"ForbiddenGranularityLinks entry '{rule}': unknown granularity '{parts[1]}'.", nameof(rule));
        return (modalities, granularities);
    }

    private static int[] ResolveClasses(IReadOnlyList<string>? names, CompiledOntology ontology, string setting)
    {
        if (names is null || names.Count == 0)
        {
            return [];
        }

        var ids = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!ontology.TryGetClass(names[i], out ids[i]))
            {
                throw new ArgumentException($"Policy {setting} names '{names[i]}', which is not a class of the ontology.", nameof(names));
            }
        }

        return ids;
    }
}

/// <summary>One parsed required link: annotations of <paramref name="ClassId"/> (-1: any) on <paramref name="From"/> need a mention on <paramref name="To"/>.</summary>
internal readonly record struct RequiredLink(Modality From, int ClassId, Modality To, string Text);

/// <summary>A declared attribute and what its values must be (SEM-011).</summary>
internal sealed class CheckedAttribute
{
    private readonly HashSet<string>? _values;

    private CheckedAttribute(string name, AttributeKind kind, IReadOnlyList<string>? values)
    {
        Name = name;
        Kind = kind;
        _values = values is null ? null : new HashSet<string>(values.Select(v => v.Trim()), StringComparer.OrdinalIgnoreCase);
        Expected = kind switch
        {
            AttributeKind.Enumeration => "one of " + string.Join(", ", values!.Select(v => v.Trim())),
            AttributeKind.Number => "a number",
            _ => "true or false",
        };
    }

    public string Name { get; }

    public AttributeKind Kind { get; }

    /// <summary>"one of 0, 1, 2", "a number", "true or false".</summary>
    public string Expected { get; }

    /// <summary>The check for a declared attribute; null for kinds with no value rule here (text; colours are SEM-009) and enumerations without values.</summary>
    public static CheckedAttribute? Of(AttributeDefinition attribute) => attribute switch
    {
        { Kind: AttributeKind.Enumeration, Values.Count: > 0 } => new(attribute.Name, attribute.Kind, attribute.Values),
        { Kind: AttributeKind.Number or AttributeKind.Boolean } => new(attribute.Name, attribute.Kind, null),
        _ => null,
    };

    /// <summary>
    /// Whether a (trimmed) value fits: an enumeration value in any case, an invariant-culture number, true/false in any
    /// case or 1/0 (datasets such as COCO and KITTI write flags as numbers).
    /// </summary>
    public bool Fits(string value) => Kind switch
    {
        AttributeKind.Enumeration => _values!.Contains(value),
        AttributeKind.Number => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
        _ => value is "0" or "1" || bool.TryParse(value, out _),
    };
}
