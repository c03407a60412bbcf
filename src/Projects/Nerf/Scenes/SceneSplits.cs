using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Nerf.Scenes;

/// <summary>
/// The train / val / test views of a Blender-format scene folder: a split's own transforms_{split}.json when the
/// folder has one, else frames held out of transforms_train.json by the <see cref="Holdout"/> rule, so training never
/// sees them and <c>nerf eval --split test</c> scores the same views on any folder.
/// </summary>
public static class SceneSplits
{
    public static readonly string[] Names = ["train", "val", "test"];

    public static BlenderScene Load(string folder, string split, int downscale, Holdout holdout)
    {
        if (!Names.Contains(split))
        {
            throw new ArgumentException($"--split must be one of {string.Join(", ", Names)}, got '{split}'");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"scene folder {folder} does not exist");
        }

        bool hasTest = HasSplit(folder, "test"), hasVal = HasSplit(folder, "val");
        if (split != "train" && HasSplit(folder, split))
        {
            return BlenderScene.Load(folder, split, downscale);
        }

        var train = BlenderScene.Load(folder, "train", downscale);
        int test = hasTest ? 0 : holdout.Test, val = hasVal ? 0 : holdout.Val;
        int kept = train.Count - test - val;
        if (kept < 1)
        {
            throw new ArgumentException($"{folder}: transforms_train.json has {train.Count} frames, too few to hold out {test} test and {val} val views");
        }

        return split switch
        {
            "train" => test + val == 0 ? train : train.Subset("train", Enumerable.Range(0, kept).ToList()),
            "val" => train.Subset("val", Enumerable.Range(kept, val).ToList()),
            _ => train.Subset("test", Enumerable.Range(kept + val, test).ToList()),
        };
    }

    /// <summary>One line saying where a split's views come from (for the run log and the report).</summary>
    public static string Describe(string folder, string split, Holdout holdout)
    {
        bool hasTest = HasSplit(folder, "test"), hasVal = HasSplit(folder, "val");
        if ((split != "train" && HasSplit(folder, split)) || (split == "train" && hasTest && hasVal))
        {
            return $"{split}: transforms_{split}.json";
        }

        int held = (hasTest ? 0 : holdout.Test) + (hasVal ? 0 : holdout.Val);
        return split switch
        {
            "train" => $"train: transforms_train.json less its last {held} frames (held out)",
            "val" => $"val: the {holdout.Val} frames of transforms_train.json before the test views (held out)",
            _ => $"test: the last {holdout.Test} frames of transforms_train.json (held out)",
        };
    }

    private static bool HasSplit(string folder, string split) => File.Exists(Path.Combine(folder, $"transforms_{split}.json"));
}
