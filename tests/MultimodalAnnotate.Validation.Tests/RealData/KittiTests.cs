using MultimodalAnnotate.Cli.Formats;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.RealData;

/// <summary>The three real KITTI frames: the reader, and 2D↔3D correspondence on data nobody on the team made.</summary>
public sealed class KittiTests
{
    private static readonly Lazy<IReadOnlyList<KittiFrame>> Frames = new(() => KittiObjectFolder.ReadFrames(Fixtures.Path("kitti")));
    private static readonly ItemValidator Validator = new(KittiOntology.Definition, ValidationPolicy.Default);

    [Fact]
    public void KittiFolder_ThreeFrames_BuildsCalibratedImageCloudAndOneLinkedPairPerObject()
    {
        var frames = Frames.Value;

        frames.Select(f => f.FrameId).Should().Equal("000000", "000001", "000002");
        frames.Select(f => f.Item.Entities.Count).Should().Equal([1, 3, 2], "DontCare lines are skipped");
        frames[0].Item.Assets.Single(a => a.Modality == Modality.Image).Width.Should().Be(1224, "000000.png is 1224x370");
        frames[1].Item.Assets.Single(a => a.Modality == Modality.Image).Height.Should().Be(375);
        foreach (var frame in frames)
        {
            foreach (var entity in frame.Item.Entities)
            {
                var kinds = entity.Mentions.Select(id => frame.Item.Annotations.Single(a => a.Id == id).Geometry.GetType()).ToList();
                kinds.Should().BeEquivalentTo([typeof(Box2D), typeof(Cuboid)]);
            }

            File.Exists(frame.VelodynePath).Should().BeTrue();
        }
    }

    [Fact]
    public void KittiFolder_ReadTwice_GivesTheSameIdsSoFindingKeysAreStable()
    {
        var again = KittiObjectFolder.ReadFrames(Fixtures.Path("kitti"));

        again.Select(f => f.Item.Annotations.Select(a => a.Id)).Should().BeEquivalentTo(Frames.Value.Select(f => f.Item.Annotations.Select(a => a.Id)));
    }

    [Fact]
    public void KittiFrames_RealObjects_HaveNoFindings()
    {
        foreach (var frame in Frames.Value)
        {
            var findings = Validator.Validate(frame.Item);

            findings.Should().BeEmpty($"frame {frame.FrameId} is correctly labelled: {findings.Dump()}");
        }
    }

    [Fact]
    public void KittiFrames_ProjectionIoU_AgreesWithReadmeFormulaOnTheVelodyneCuboidWithin001()
    {
        var checkedPairs = 0;
        foreach (var frame in Frames.Value)
        {
            var matches = Validator.MatchProjections(frame.Item);
            var image = frame.Item.Assets.Single(a => a.Modality == Modality.Image);
            matches.Should().HaveCount(frame.Item.Entities.Count);
            foreach (var entity in frame.Item.Entities)
            {
                var box = (Box2D)frame.Item.Annotations.Single(a => a.Id == entity.Mentions[0]).Geometry;
                var cuboid = (Cuboid)frame.Item.Annotations.Single(a => a.Id == entity.Mentions[1]).Geometry;
                var expected = ReadmeFormulaIoU(frame.Calibration, cuboid, box, image.Width!.Value, image.Height!.Value);
                var match = matches.Single(m => m.BoxId == entity.Mentions[0]);

                match.IoU.Should().BeApproximately(expected, 0.01, $"frame {frame.FrameId} {entity.Name}");
                match.IoU.Should().BeGreaterThan(0.85, "the README reports IoU ≈ 0.89–0.98 on these frames");
                checkedPairs++;
            }
        }

        checkedPairs.Should().Be(6);
    }

    [Fact]
    public void KittiFrames_ProjectionIoU_AgreesWithP2OnTheLabelsCameraFrameCorners()
    {
        foreach (var frame in Frames.Value)
        {
            var matches = Validator.MatchProjections(frame.Item);
            var image = frame.Item.Assets.Single(a => a.Modality == Modality.Image);
            var labels = frame.Labels.Where(l => l.Type != "DontCare").ToList();
            for (var i = 0; i < labels.Count; i++)
            {
                var expected = LabelCornersIoU(frame.Calibration.P2, labels[i], image.Width!.Value, image.Height!.Value);
                var match = matches.Single(m => m.BoxId == frame.Item.Entities[i].Mentions[0]);

                // The cuboid model turns only about the LiDAR's up axis; KITTI's camera up axis is tilted ~0.8° from it, so
                // the converted box is not exactly the label's box: edges move by about a pixel, which on the small far
                // boxes (the 69 m truck is 30×33 px) changes IoU by up to ~0.04. The README formula test above is the exact one.
                match.IoU.Should().BeApproximately(expected, 0.05, $"frame {frame.FrameId} {labels[i].Type}");
            }
        }
    }

    [Fact]
    public void KittiFrames_CuboidMovedSidewaysBy15m_IsFoundForEveryObject()
    {
        foreach (var frame in Frames.Value)
        {
            foreach (var entity in frame.Item.Entities)
            {
                var cuboidId = entity.Mentions[1];
                var moved = Replace(frame.Item, cuboidId, a => a with
                {
                    Geometry = ((Cuboid)a.Geometry) with { Center = ((Cuboid)a.Geometry).Center with { Y = ((Cuboid)a.Geometry).Center.Y + 1.5 } },
                });

                var findings = Validator.Validate(moved);

                findings.WithCode(RuleCodes.ProjectionMismatch).Should().ContainSingle(
                    f => f.EntityId == entity.Id && f.AnnotationIds.Contains(cuboidId),
                    $"{entity.Name} in frame {frame.FrameId} was moved 1.5 m sideways: {findings.Dump()}");
                var finding = findings.WithCode(RuleCodes.ProjectionMismatch).Single();
                finding.Message.Should().Contain("policy ≥ 0.50").And.Contain("simultaneous");
                var move = System.Text.RegularExpressions.Regex.Match(finding.SuggestedFix!, @"move the cuboid by \(([+-][0-9.]+), ([+-][0-9.]+), ([+-][0-9.]+)\) m in the velodyne frame");
                move.Success.Should().BeTrue(finding.SuggestedFix);
                double.Parse(move.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(-1.5, 0.15, $"the fix undoes the move of {entity.Name}");
            }
        }
    }

    [Fact]
    public void KittiFrames_LabelsOfTwoBoxesSwapped_IsFoundOnBothEntities()
    {
        var swaps = 0;
        foreach (var frame in Frames.Value)
        {
            var entities = frame.Item.Entities;
            for (var i = 0; i < entities.Count; i++)
            {
                for (var j = i + 1; j < entities.Count; j++)
                {
                    var (boxA, boxB) = (entities[i].Mentions[0], entities[j].Mentions[0]);
                    var labelA = frame.Item.Annotations.Single(a => a.Id == boxA).Label;
                    var labelB = frame.Item.Annotations.Single(a => a.Id == boxB).Label;
                    var swapped = Replace(Replace(frame.Item, boxA, a => a with { Label = labelB }), boxB, a => a with { Label = labelA });

                    var findings = Validator.Validate(swapped);
                    var semantic = findings.Where(f => f.Type == FindingType.Semantic && f.Severity == Severity.Error).ToList();

                    semantic.Select(f => f.EntityId).Should().BeEquivalentTo(
                        [entities[i].Id, entities[j].Id], $"{labelA} and {labelB} were swapped in frame {frame.FrameId}: {findings.Dump()}");
                    swaps++;
                }
            }
        }

        swaps.Should().Be(4, "frame 000001 has three objects (3 pairs), frame 000002 two (1 pair)");
    }

    [Fact]
    public void KittiFrames_BoxesOfTwoObjectsSwapped_FailsProjectionOnBoth()
    {
        foreach (var frame in Frames.Value.Where(f => f.Item.Entities.Count >= 2))
        {
            var (a, b) = (frame.Item.Entities[0], frame.Item.Entities[1]);
            var swapped = frame.Item with
            {
                Entities = [a with { Mentions = [b.Mentions[0], a.Mentions[1]] }, b with { Mentions = [a.Mentions[0], b.Mentions[1]] }, .. frame.Item.Entities.Skip(2)],
            };

            var findings = Validator.Validate(swapped);

            findings.WithCode(RuleCodes.ProjectionMismatch).Select(f => f.EntityId).Should().BeEquivalentTo([a.Id, b.Id], findings.Dump());
        }
    }

    [Fact]
    public void KittiFrames_Dropped2DBox_IsFoundAsVisibleCuboidWithoutBoxEveryTime()
    {
        foreach (var frame in Frames.Value)
        {
            foreach (var entity in frame.Item.Entities)
            {
                var boxId = entity.Mentions[0];
                var dropped = frame.Item with
                {
                    Annotations = frame.Item.Annotations.Where(a => a.Id != boxId).ToList(),
                    Entities = frame.Item.Entities.Select(e => e with { Mentions = e.Mentions.Where(m => m != boxId).ToList() }).ToList(),
                };

                var findings = Validator.Validate(dropped);

                findings.WithCode(RuleCodes.VisibleCuboidWithoutBox).Should().ContainSingle(
                    f => f.EntityId == entity.Id, $"{entity.Name} lost its box in frame {frame.FrameId}: {findings.Dump()}");
                findings.WithCode(RuleCodes.VisibleCuboidWithoutBox).Single().SuggestedFix.Should().Contain("draw a box at x=");
            }
        }
    }

    [Fact]
    public void KittiFrame_SweepTakenLaterThanTheImage_ReportsTheTimeGapAndWhetherItExplainsTheOffset()
    {
        var frame = Frames.Value[2];
        var cloud = frame.Item.Assets.Single(a => a.Modality == Modality.PointCloud);
        var car = frame.Item.Entities[1];
        var cuboidId = car.Mentions[1];
        var late = frame.Item with
        {
            Assets = frame.Item.Assets.Select(a => a.Id == cloud.Id ? a with { TimeBase = new CaptureTime { Offset = 0.096 } } : a).ToList(),
        };
        late = Replace(late, cuboidId, a => a with
        {
            Geometry = ((Cuboid)a.Geometry) with { Center = ((Cuboid)a.Geometry).Center with { Y = ((Cuboid)a.Geometry).Center.Y + 1.5 } },
        });

        var findings = Validator.Validate(late);

        var projection = findings.WithCode(RuleCodes.ProjectionMismatch).Should().ContainSingle(f => f.EntityId == car.Id).Subject;
        projection.Message.Should().Contain("LiDAR sweep is 96 ms from the camera frame").And.Contain("this explains the");
        findings.WithCode(RuleCodes.MentionsOutOfStep).Should().Contain(f => f.EntityId == car.Id && f.Message.Contains("96 ms apart", StringComparison.Ordinal));
    }

    [Fact]
    public void KittiReader_MissingCalibFile_NamesTheFile()
    {
        using var folder = SyntheticKitti.Create("000001");
        File.Delete(Path.Combine(folder.Path, "calib", "000001.txt"));

        var act = () => KittiObjectFolder.ReadFrames(folder.Path);

        act.Should().Throw<KittiFormatException>().WithMessage("calib/000001.txt*").Which.File.Should().Be("calib/000001.txt");
    }

    [Fact]
    public void KittiReader_BadNumberInLabel_NamesFileLineAndField()
    {
        using var folder = SyntheticKitti.Create("000007");
        File.WriteAllText(Path.Combine(folder.Path, "label_2", "000007.txt"),
            "Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57\nCar 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16,53 2.39 58.49 1.57\n");

        var act = () => KittiObjectFolder.ReadFrames(folder.Path);

        act.Should().Throw<KittiFormatException>().WithMessage("label_2/000007.txt line 2: field 12 (x) is not a number: '-16,53'");
    }

    [Fact]
    public void KittiReader_CalibWithoutR0Rect_NamesTheMissingKey()
    {
        using var folder = SyntheticKitti.Create("000003");
        var calib = Path.Combine(folder.Path, "calib", "000003.txt");
        File.WriteAllLines(calib, File.ReadAllLines(calib).Where(l => !l.StartsWith("R0_rect", StringComparison.Ordinal)));

        var act = () => KittiObjectFolder.ReadFrames(folder.Path);

        act.Should().Throw<KittiFormatException>().WithMessage("calib/000003.txt: no R0_rect line");
    }

    [Fact]
    public void KittiReader_NotAPng_NamesTheImage()
    {
        using var folder = SyntheticKitti.Create("000004");
        File.WriteAllBytes(Path.Combine(folder.Path, "image_2", "000004.png"), "GIF89a not a png at all!"u8.ToArray());

        var act = () => KittiObjectFolder.ReadFrames(folder.Path);

        act.Should().Throw<KittiFormatException>().WithMessage("image_2/000004.png: not a PNG: bad signature");
    }

    [Fact]
    public void KittiReader_MissingVelodyne_NamesTheFile()
    {
        using var folder = SyntheticKitti.Create("000005");
        File.Delete(Path.Combine(folder.Path, "velodyne", "000005.bin"));

        var act = () => KittiObjectFolder.ReadFrames(folder.Path);

        act.Should().Throw<KittiFormatException>().WithMessage("velodyne/000005.bin: file not found");
    }

    [Fact]
    public void PngHeader_RealKittiImage_GivesItsSize()
    {
        using var png = File.OpenRead(Fixtures.Path("kitti", "image_2", "000001.png"));

        KittiParsers.ReadPngSize(png, "image_2/000001.png").Should().Be((1242, 375));
    }

    [Fact]
    public void KittiCamera_FromP2_ReproducesP2TimesR0TimesTrForAVelodynePoint()
    {
        var calibration = Frames.Value[1].Calibration;
        var (veloToCamera, k) = KittiObjectFolder.CameraFromP2(calibration, 1242, 375);
        var x = new Model.Vec3(20.0, -3.0, -0.5);

        var c = veloToCamera.TransformPoint(x);
        var (u, v) = (k.Fx * c.X / c.Z + k.Cx, k.Fy * c.Y / c.Z + k.Cy);

        var rect = KittiObjectFolder.VeloToRect(calibration).TransformPoint(x);
        var p = calibration.P2;
        var w = p[8] * rect.X + p[9] * rect.Y + p[10] * rect.Z + p[11];
        u.Should().BeApproximately((p[0] * rect.X + p[1] * rect.Y + p[2] * rect.Z + p[3]) / w, 1e-6);
        v.Should().BeApproximately((p[4] * rect.X + p[5] * rect.Y + p[6] * rect.Z + p[7]) / w, 1e-6);
    }

    /// <summary>README: x = P2 · R0_rect · Tr_velo_to_cam · X_velo on the velodyne cuboid's 8 corners, bounds clipped to the image.</summary>
    private static double ReadmeFormulaIoU(KittiCalibration calibration, Cuboid cuboid, Box2D box, int width, int height)
    {
        var r = calibration.R0Rect;
        var t = calibration.TrVeloToCam;
        var p = calibration.P2;
        double minU = double.MaxValue, minV = double.MaxValue, maxU = double.MinValue, maxV = double.MinValue;
        var (cos, sin) = (Math.Cos(cuboid.Yaw), Math.Sin(cuboid.Yaw));
        foreach (var (sx, sy, sz) in new[] { (1, 1, 1), (1, 1, -1), (1, -1, 1), (1, -1, -1), (-1, 1, 1), (-1, 1, -1), (-1, -1, 1), (-1, -1, -1) })
        {
            var (lx, ly, lz) = (sx * cuboid.Size.X / 2, sy * cuboid.Size.Y / 2, sz * cuboid.Size.Z / 2);
            double[] v = [cuboid.Center.X + cos * lx - sin * ly, cuboid.Center.Y + sin * lx + cos * ly, cuboid.Center.Z + lz];
            double[] cam0 = [t[0] * v[0] + t[1] * v[1] + t[2] * v[2] + t[3], t[4] * v[0] + t[5] * v[1] + t[6] * v[2] + t[7], t[8] * v[0] + t[9] * v[1] + t[10] * v[2] + t[11]];
            double[] rect = [r[0] * cam0[0] + r[1] * cam0[1] + r[2] * cam0[2], r[3] * cam0[0] + r[4] * cam0[1] + r[5] * cam0[2], r[6] * cam0[0] + r[7] * cam0[1] + r[8] * cam0[2]];
            var w = p[8] * rect[0] + p[9] * rect[1] + p[10] * rect[2] + p[11];
            var u = (p[0] * rect[0] + p[1] * rect[1] + p[2] * rect[2] + p[3]) / w;
            var vv = (p[4] * rect[0] + p[5] * rect[1] + p[6] * rect[2] + p[7]) / w;
            (minU, maxU, minV, maxV) = (Math.Min(minU, u), Math.Max(maxU, u), Math.Min(minV, vv), Math.Max(maxV, vv));
        }

        return ClippedIoU(minU, minV, maxU, maxV, box.X, box.Y, box.X + box.Width, box.Y + box.Height, width, height);
    }

    private static double ClippedIoU(double minU, double minV, double maxU, double maxV, double left, double top, double right, double bottom, int width, int height)
    {
        (minU, maxU, minV, maxV) = (Math.Max(0, minU), Math.Min(width, maxU), Math.Max(0, minV), Math.Min(height, maxV));
        var ix = Math.Max(0, Math.Min(maxU, right) - Math.Max(minU, left));
        var iy = Math.Max(0, Math.Min(maxV, bottom) - Math.Max(minV, top));
        var inter = ix * iy;
        return inter / ((maxU - minU) * (maxV - minV) + (right - left) * (bottom - top) - inter);
    }

    /// <summary>The devkit's box corners in rectified camera coordinates projected straight through P2, clipped to the image.</summary>
    private static double LabelCornersIoU(IReadOnlyList<double> p2, KittiLabel l, int width, int height)
    {
        double[] xs = [l.Length / 2, l.Length / 2, -l.Length / 2, -l.Length / 2, l.Length / 2, l.Length / 2, -l.Length / 2, -l.Length / 2];
        double[] ys = [0, 0, 0, 0, -l.Height, -l.Height, -l.Height, -l.Height];
        double[] zs = [l.Width / 2, -l.Width / 2, -l.Width / 2, l.Width / 2, l.Width / 2, -l.Width / 2, -l.Width / 2, l.Width / 2];
        var (cos, sin) = (Math.Cos(l.RotationY), Math.Sin(l.RotationY));
        double minU = double.MaxValue, minV = double.MaxValue, maxU = double.MinValue, maxV = double.MinValue;
        for (var i = 0; i < 8; i++)
        {
            var x = cos * xs[i] + sin * zs[i] + l.X;
            var y = ys[i] + l.Y;
            var z = -sin * xs[i] + cos * zs[i] + l.Z;
            var w = p2[8] * x + p2[9] * y + p2[10] * z + p2[11];
            var u = (p2[0] * x + p2[1] * y + p2[2] * z + p2[3]) / w;
            var v = (p2[4] * x + p2[5] * y + p2[6] * z + p2[7]) / w;
            (minU, maxU, minV, maxV) = (Math.Min(minU, u), Math.Max(maxU, u), Math.Min(minV, v), Math.Max(maxV, v));
        }

        return ClippedIoU(minU, minV, maxU, maxV, l.Left, l.Top, l.Right, l.Bottom, width, height);
    }

    private static ItemSnapshot Replace(ItemSnapshot item, Guid id, Func<AnnotationSnapshot, AnnotationSnapshot> change) =>
        item with { Annotations = item.Annotations.Select(a => a.Id == id ? change(a) : a).ToList() };

    /// <summary>A throwaway KITTI-shaped folder with one frame, built from text (no fixture files are copied).</summary>
    private sealed class SyntheticKitti : IDisposable
    {
        private SyntheticKitti(string path) => Path = path;

        public string Path { get; }

        public static SyntheticKitti Create(string id)
        {
            var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kitti-" + Guid.NewGuid().ToString("N"));
            foreach (var dir in new[] { "calib", "label_2", "image_2", "velodyne" })
            {
                Directory.CreateDirectory(System.IO.Path.Combine(root, dir));
            }

            File.WriteAllText(System.IO.Path.Combine(root, "calib", id + ".txt"), string.Join('\n',
                "P0: 7.070493e+02 0 6.040814e+02 0 0 7.070493e+02 1.805066e+02 0 0 0 1 0",
                "P2: 7.070493e+02 0 6.040814e+02 4.575831e+01 0 7.070493e+02 1.805066e+02 -3.454157e-01 0 0 1 4.981016e-03",
                "R0_rect: 9.999128e-01 1.009263e-02 -8.511932e-03 -1.012729e-02 9.999406e-01 -4.037671e-03 8.470675e-03 4.123522e-03 9.999556e-01",
                "Tr_velo_to_cam: 6.927964e-03 -9.999722e-01 -2.757829e-03 -2.457729e-02 -1.162982e-03 2.749836e-03 -9.999955e-01 -6.127237e-02 9.999753e-01 6.931141e-03 -1.143899e-03 -3.321029e-01",
                string.Empty));
            File.WriteAllText(System.IO.Path.Combine(root, "label_2", id + ".txt"),
                "Pedestrian 0.00 0 -0.20 712.40 143.00 810.73 307.92 1.89 0.48 1.20 1.84 1.47 8.41 0.01\n");
            byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 4, 0xD8, 0, 0, 1, 0x72, 8, 2, 0, 0, 0];
            File.WriteAllBytes(System.IO.Path.Combine(root, "image_2", id + ".png"), png);
            File.WriteAllBytes(System.IO.Path.Combine(root, "velodyne", id + ".bin"), new byte[32]);
            return new SyntheticKitti(root);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
