namespace IlgpuNet.Nerf.Scenes;

/// <summary>
/// How views are held out of a scene folder that lacks transforms_test.json or transforms_val.json (the lego copy on
/// hand has only transforms_train.json): the last <see cref="Test"/> training frames become the test split, the
/// <see cref="Val"/> frames before them the validation split, and training uses the rest.
/// </summary>
public sealed record Holdout(int Test = 10, int Val = 2);
