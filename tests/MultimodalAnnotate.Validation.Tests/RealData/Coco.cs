using System.Text.Json;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.RealData;

/// <summary>COCO-mini loaded as items (image boxes + the five captions as an untimed text) and COCO's ontology.</summary>
public sealed class Coco
{
    private static readonly Dictionary<string, (string[] Synonyms, string[] Forms)> Lexicon = new()
    {
        ["person"] = (["man", "woman"], ["people", "men", "women", "boy", "girl", "child", "children", "kid", "guy", "lady", "baby", "toddler", "player", "skier", "surfer", "skateboarder", "rider", "batter", "pitcher", "catcher", "umpire", "bride", "groom", "baker", "equestrian", "someone"]),
        ["bicycle"] = (["bike"], []),
        ["motorcycle"] = (["motorbike"], ["motor bike"]),
        ["airplane"] = (["plane", "aeroplane"], ["jet", "jetliner", "seaplane", "biplane"]),
        ["car"] = (["automobile"], ["taxi"]),
        ["cow"] = (["cattle"], ["calf"]),
        ["dining table"] = (["table"], []),
        ["potted plant"] = (["plant", "houseplant"], []),
        ["tv"] = (["television", "monitor"], ["tv set"]),
        ["couch"] = (["sofa"], []),
        ["cell phone"] = (["phone", "cellphone", "mobile phone"], []),
        ["laptop"] = ([], ["lap top", "macbook"]),
        ["donut"] = (["doughnut"], []),
        ["sports ball"] = (["ball"], []),
        ["tennis racket"] = (["racket", "racquet"], []),
        ["hair drier"] = (["hair dryer", "blow dryer"], []),
        ["microwave"] = (["microwave oven"], []),
        ["refrigerator"] = (["fridge"], []),
        ["suitcase"] = (["luggage"], ["suit case"]),
        ["skis"] = ([], ["ski"]),
        ["bird"] = ([], ["seagull", "gull", "vulture"]),
        ["remote"] = (["remote control"], ["controller"]),
        ["mouse"] = ([], ["mice"]),
        ["traffic light"] = (["stop light"], []),
    };

    private Coco(OntologyDefinition ontology, IReadOnlyDictionary<long, ItemSnapshot> items, IReadOnlyDictionary<long, string[]> captions)
    {
        Ontology = ontology;
        Items = items;
        Captions = captions;
    }

    public static Coco Instance { get; } = Load();

    public OntologyDefinition Ontology { get; }

    public IReadOnlyDictionary<long, ItemSnapshot> Items { get; }

    public IReadOnlyDictionary<long, string[]> Captions { get; }

    private static Coco Load()
    {
        using var instances = JsonDocument.Parse(File.ReadAllText(Support.Fixtures.Path("coco-mini", "annotations", "instances_val2017.json")));
        using var captionsJson = JsonDocument.Parse(File.ReadAllText(Support.Fixtures.Path("coco-mini", "annotations", "captions_val2017.json")));
        var categories = instances.RootElement.GetProperty("categories").EnumerateArray()
            .Select(c => (Id: c.GetProperty("id").GetInt32(), Name: c.GetProperty("name").GetString()!, Super: c.GetProperty("supercategory").GetString()!))
            .ToList();
        var supers = categories.Select(c => c.Super).Distinct(StringComparer.Ordinal).Where(s => categories.All(c => c.Name != s)).ToList();
        var classes = supers.Select(s => new OntologyClassDefinition(s, [], [], []))
            .Concat(categories.Select(c => new OntologyClassDefinition(
                c.Name,
                c.Super == c.Name ? [] : [c.Super],
                Lexicon.TryGetValue(c.Name, out var l) ? l.Synonyms : [],
                Lexicon.TryGetValue(c.Name, out var f) ? f.Forms : [])))
            .ToList();
        var roots = supers.Append("person").ToList();
        var disjoint = new List<DisjointPair>();
        for (var i = 0; i < roots.Count; i++)
        {
            for (var j = i + 1; j < roots.Count; j++)
            {
                disjoint.Add(new DisjointPair(roots[i], roots[j]));
            }
        }

        var ontology = new OntologyDefinition(classes, disjoint, [new AttributeDefinition("iscrowd", AttributeKind.Boolean, [])], []);
        var names = categories.ToDictionary(c => c.Id, c => c.Name);

        var captions = captionsJson.RootElement.GetProperty("annotations").EnumerateArray()
            .GroupBy(a => a.GetProperty("image_id").GetInt64())
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.GetProperty("id").GetInt64()).Select(a => a.GetProperty("caption").GetString()!.Trim()).ToArray());
        var objects = instances.RootElement.GetProperty("annotations").EnumerateArray()
            .GroupBy(a => a.GetProperty("image_id").GetInt64())
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.GetProperty("id").GetInt64()).ToList());
        var items = new Dictionary<long, ItemSnapshot>();
        foreach (var image in instances.RootElement.GetProperty("images").EnumerateArray())
        {
            var id = image.GetProperty("id").GetInt64();
            var imageAsset = IdFor(id, 1);
            var textAsset = IdFor(id, 2);
            var annotations = objects.GetValueOrDefault(id, []).Select(o =>
            {
                var bbox = o.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                return new AnnotationSnapshot(
                    IdFor(o.GetProperty("id").GetInt64(), 3), imageAsset, names[o.GetProperty("category_id").GetInt32()],
                    new Dictionary<string, string> { ["iscrowd"] = o.GetProperty("iscrowd").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    new Box2D(bbox[0], bbox[1], bbox[2], bbox[3]));
            }).ToList();
            items[id] = new ItemSnapshot(
                IdFor(id, 0),
                [
                    new AssetSnapshot(imageAsset, Modality.Image, "coco", new CaptureTime(), null, image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()),
                    new AssetSnapshot(textAsset, Modality.Text, "captions", new Untimed(), Content: string.Join('\n', captions.GetValueOrDefault(id, []))),
                ],
                annotations, [], []);
        }

        return new Coco(ontology, items, captions);
    }

    private static Guid IdFor(long id, int kind) => new((int)(id & 0x7FFFFFFF), (short)kind, 0, [0, 0, 0, 0, 0, 0, 0, 1]);
}
