using System.Text.Json.Nodes;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Tests.TestSupport;

namespace MultimodalAnnotate.Cli.Tests;

public sealed class InputErrorTests : IDisposable
{
    private readonly Workspace _workspace = new();
    private readonly string _project;

    public InputErrorTests() => _project = _workspace.Write("project.json", Samples.Project());

    public void Dispose() => _workspace.Dispose();

    private static JsonNode CleanItem() => Samples.ToNode(Samples.ImageCaption());

    private async Task<CliResult> ValidateAsync(JsonNode item, string name = "items.json") =>
        await CliRun.RunAsync("validate", "--project", _project, _workspace.Write(name, item));

    [Fact]
    public async Task Validate_ItemFileMissing_Exits3NamingTheFile()
    {
        var missing = _workspace.PathOf("nope.json");

        var result = await CliRun.RunAsync("validate", "--project", _project, missing);

        result.ExitCode.Should().Be(3);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain($"{missing}: file or folder not found");
    }

    [Fact]
    public async Task Validate_ProjectFileMissing_Exits3NamingTheFile()
    {
        var missing = _workspace.PathOf("no-project.json");
        var items = _workspace.Write("items.json", CleanItem());

        var result = await CliRun.RunAsync("validate", "--project", missing, items);

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain($"{missing}: file not found");
    }

    [Fact]
    public async Task Validate_ContentFileMissing_Exits3NamingTheReference()
    {
        var item = CleanItem();
        item["assets"]![1]!.AsObject().Remove("content");
        item["assets"]![1]!["contentFile"] = "captions/0001.txt";

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(3, result.ToString());
        result.Stderr.Should().Contain("items.json: $.assets[1].contentFile: content file \"captions/0001.txt\" not found");
    }

    [Fact]
    public async Task Validate_MalformedJson_Exits4WithLineAndBytePosition()
    {
        var items = _workspace.Write("broken.json", "{\n  \"id\": \"x\",\n  \"assets\": [1, 2,]\n}\n");

        var result = await CliRun.RunAsync("validate", "--project", _project, items);

        result.ExitCode.Should().Be(4);
        result.Stderr.Should().Contain($"{items}: line 3, byte 19: malformed JSON: ")
            .And.Contain("trailing comma");
    }

    [Fact]
    public async Task Validate_MalformedJsonLinesRecord_Exits4WithItsLine()
    {
        var good = InterchangeJson.SerializeItem(Samples.ImageCaption(), indented: false);
        var items = _workspace.Write("batch.jsonl", $"{good}\n{{\"id\": oops}}\n");

        var result = await CliRun.RunAsync("validate", "--project", _project, items);

        result.ExitCode.Should().Be(4);
        result.Stderr.Should().Contain($"{items}: line 2, byte 8: malformed JSON: 'o' is an invalid start of a value");
    }

    [Fact]
    public async Task Validate_MalformedProject_Exits4NamingTheProject()
    {
        var project = _workspace.Write("bad-project.json", "{ \"format\": \"multimodalannotate/v1\", ");
        var items = _workspace.Write("items.json", CleanItem());

        var result = await CliRun.RunAsync("validate", "--project", project, items);

        result.ExitCode.Should().Be(4);
        result.Stderr.Should().Contain($"{project}: line 1, byte ");
    }

    [Fact]
    public async Task Validate_NegativeBoxWidth_Exits5NamingThePath()
    {
        var item = CleanItem();
        item["annotations"]![0]!["geometry"]!["width"] = -3;

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(5, result.ToString());
        result.Stderr.Should().Contain("items.json: $.annotations[0].geometry.width: must be at least 0, found -3");
    }

    [Fact]
    public async Task Validate_MisspeltProperty_Exits5SuggestingTheKnownOne()
    {
        var item = CleanItem();
        var annotation = item["annotations"]![1]!.AsObject();
        annotation["lable"] = annotation["label"]!.DeepClone();
        annotation.Remove("label");

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(5);
        result.Stderr.Should().Contain("items.json: $.annotations[1]: missing required property \"label\"")
            .And.Contain("items.json: $.annotations[1].lable: unknown property \"lable\"; did you mean \"label\"?");
    }

    [Fact]
    public async Task Validate_UnknownModalityAndGeometryKind_Exits5ListingAllowedValues()
    {
        var item = CleanItem();
        item["assets"]![0]!["modality"] = "imag";
        item["annotations"]![0]!["geometry"]!["kind"] = "box";

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(5);
        result.Stderr.Should().Contain("$.assets[0].modality: \"imag\" is not one of \"image\", \"video\", \"audio\", \"text\", \"pointCloud\"; did you mean \"image\"?")
            .And.Contain("$.annotations[0].geometry.kind: \"box\" is not one of \"box2d\"");
    }

    [Fact]
    public async Task Validate_BadIdAndWrongType_Exits5ForEachProblem()
    {
        var item = CleanItem();
        item["id"] = "item-1";
        item["assets"]![0]!["width"] = "640";

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(5);
        result.Stderr.Should().Contain("items.json: $.id: \"item-1\" is not a UUID")
            .And.Contain("items.json: $.assets[0].width: expected an integer or null, found a string");
    }

    [Fact]
    public async Task Validate_ItemInArrayBreaksSchema_PathStartsAtItsIndex()
    {
        var broken = CleanItem();
        broken["annotations"]![1]!["geometry"]!["start"] = -1;
        var items = _workspace.Write("batch.json", new JsonArray(CleanItem(), broken));

        var result = await CliRun.RunAsync("validate", "--project", _project, items);

        result.ExitCode.Should().Be(5);
        result.Stderr.Should().Contain($"{items}: $[1].annotations[1].geometry.start: must be at least 0, found -1");
    }

    [Fact]
    public async Task Validate_ProjectBreaksSchema_Exits5NamingPolicyField()
    {
        var project = Samples.Project();
        project["policy"] = new JsonObject { ["minProjectionIoU"] = 1.5, ["temporalTolerance"] = new JsonObject { ["Video-Audo"] = 0.1 } };
        var projectPath = _workspace.Write("p.json", project);
        var items = _workspace.Write("items.json", CleanItem());

        var result = await CliRun.RunAsync("validate", "--project", projectPath, items);

        result.ExitCode.Should().Be(5);
        result.Stderr.Should().Contain($"{projectPath}: $.policy.minProjectionIoU: must be at most 1, found 1.5")
            .And.Contain($"{projectPath}: $.policy.temporalTolerance['Video-Audo']: property name \"Video-Audo\" is not allowed");
    }

    [Fact]
    public async Task Validate_UnknownLabel_Exits6WithSuggestion()
    {
        var item = CleanItem();
        item["annotations"]![1]!["label"] = "dgo";

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(6);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("items.json: $.annotations[1].label: unknown label \"dgo\" (not in the ontology; did you mean \"dog\"?)");
    }

    [Fact]
    public async Task Validate_LabelIsASynonym_Exits6NamingTheClass()
    {
        var item = CleanItem();
        item["annotations"]![0]!["label"] = "cattle";

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain("$.annotations[0].label: label \"cattle\" is not a class name (it is another name of \"cow\"; did you mean \"cow\"?)");
    }

    [Fact]
    public async Task Validate_DanglingAssetId_Exits6NamingTheField()
    {
        var item = CleanItem();
        item["annotations"]![0]!["assetId"] = "a1e2c3d4-0009-4b5c-8d6e-7f8091a2b3c4";

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain("items.json: $.annotations[0].assetId: asset \"a1e2c3d4-0009-4b5c-8d6e-7f8091a2b3c4\" does not exist in this item");
    }

    [Fact]
    public async Task Validate_DanglingMentionAndRelationEnd_Exits6ForEach()
    {
        var item = CleanItem();
        item["entities"]![0]!["mentions"]!.AsArray().Add("b7c8d9e0-0009-4f1a-9b2c-3d4e5f607182");
        item["relations"] = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "describes",
            ["fromAnnotationId"] = Samples.SpanAnnotation.ToString(),
            ["toAnnotationId"] = "b7c8d9e0-0008-4f1a-9b2c-3d4e5f607182",
        });

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain("$.entities[0].mentions[2]: annotation \"b7c8d9e0-0009-4f1a-9b2c-3d4e5f607182\" does not exist in this item")
            .And.Contain("$.relations[0].toAnnotationId: annotation \"b7c8d9e0-0008-4f1a-9b2c-3d4e5f607182\" does not exist in this item");
    }

    [Fact]
    public async Task Validate_DuplicateAnnotationIds_Exits6NamingBothPlaces()
    {
        var item = CleanItem();
        item["annotations"]![1]!["id"] = Samples.BoxAnnotation.ToString();

        var result = await ValidateAsync(item);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain($"items.json: $.annotations[1].id: duplicate id \"{Samples.BoxAnnotation}\" (also $.annotations[0].id)");
    }

    [Fact]
    public async Task Validate_SameItemIdInTwoFiles_Exits6NamingTheFirstFile()
    {
        var id = Guid.NewGuid();
        var first = _workspace.Write("a.json", Samples.ToNode(Samples.ImageCaption(id)));
        var second = _workspace.Write("b.jsonl", InterchangeJson.SerializeItem(Samples.ImageCaption(id), indented: false));

        var result = await CliRun.RunAsync("validate", "--project", _project, first, second);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain($"{second}: line 1: $.id: duplicate item id \"{id}\" (also {first} $)");
    }

    [Fact]
    public async Task Validate_OntologyWithUnknownParent_Exits6NamingTheProjectField()
    {
        var project = Samples.Project();
        project["ontology"]!["classes"]![1]!["parents"] = new JsonArray("animl");
        var projectPath = _workspace.Write("p.json", project);
        var items = _workspace.Write("items.json", CleanItem());

        var result = await CliRun.RunAsync("validate", "--project", projectPath, items);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain($"{projectPath}: $.ontology.classes[1].parents[0]: unknown class \"animl\" (not in the ontology; did you mean \"animal\"?)");
    }

    [Fact]
    public async Task Validate_OntologyWithIsACycle_Exits6ShowingTheCycle()
    {
        var project = Samples.Project();
        project["ontology"]!["classes"]![0]!["parents"] = new JsonArray("dog");
        var projectPath = _workspace.Write("p.json", project);
        var items = _workspace.Write("items.json", CleanItem());

        var result = await CliRun.RunAsync("validate", "--project", projectPath, items);

        result.ExitCode.Should().Be(6);
        result.Stderr.Should().Contain("is-a cycle: \"animal\" is-a \"dog\" is-a \"animal\"");
    }

    [Fact]
    public async Task Validate_MissingFileAndSchemaViolation_ReportsBothAndExitsWithTheMoreBasicCode()
    {
        var item = CleanItem();
        item["assets"]![0]!["sensor"] = "";
        var bad = _workspace.Write("bad.json", item);
        var missing = _workspace.PathOf("missing.json");

        var result = await CliRun.RunAsync("validate", "--project", _project, bad, missing);

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain($"{bad}: $.assets[0].sensor: must not be empty")
            .And.Contain($"{missing}: file or folder not found")
            .And.Contain("mma: not validated: 2 errors in the input");
    }
}
