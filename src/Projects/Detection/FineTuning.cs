namespace IlgpuNet.Detection;

/// <summary>
/// The fine-tuning stages by name: which parameter-name prefixes each freezes and whether it starts from the pretrained
/// detector. Every stage replaces the prediction layer (head.3, whose size follows the class count) with a fresh one.
/// </summary>
public static class FineTuning
{
    public const string FrozenBackbone = "frozen-backbone";
    public const string FrozenBackboneNeck = "frozen-backbone-neck";
    public const string Full = "full";
    public const string Scratch = "scratch";

    /// <summary>The parameters of the layer that predicts boxes and classes, never taken from pretraining.</summary>
    public const string PredictionLayer = "head.3.";

    public static IReadOnlyList<string> FrozenPrefixes(string stage) => stage switch
    {
        FrozenBackbone => ["backbone."],
        FrozenBackboneNeck => ["backbone.", "neck."],
        Full or Scratch => [],
        _ => throw new ArgumentException($"unknown fine-tuning stage '{stage}'"),
    };

    public static bool StartsPretrained(string stage) => stage != Scratch;

    /// <summary>What the stage trains, for tables and captions.</summary>
    public static string Describe(string stage) => stage switch
    {
        FrozenBackbone => "pretrained, backbone frozen: neck and head trained",
        FrozenBackboneNeck => "pretrained, backbone and neck frozen: head trained",
        Full => "pretrained, everything trained",
        Scratch => "random initialisation, everything trained",
        _ => stage,
    };
}
