using System.Globalization;
using System.Text.Json;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Training;

/// <summary>
/// The options that shape a run's results (seed, rates, batch size, counts, the data used), kept in the run folder as
/// options.json so that a run never describes itself with options it was not trained with. A fresh run records them;
/// <c>--resume</c> compares them first and refuses, naming each difference, unless every one matches. Options that do
/// not change the numbers (--device, thread count, --out) are not listed; one a study marks <c>mayChange</c> (--epochs
/// where no schedule depends on it) is recorded with its new value. With nothing to resume, <c>--resume</c> says
/// "no checkpoint in DIR; starting from epoch 1" and <c>--resume=must</c> refuses.
/// </summary>
public sealed class ResultOptions
{
    public const string FileName = "options.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly List<(string Option, string Value, bool MayChange)> options = [];

    /// <summary>An option and its value as the run uses it (a path made absolute, a default filled in).</summary>
    public ResultOptions Add(string option, object? value, bool mayChange = false)
    {
        options.Add((option, Format(value), mayChange));
        return this;
    }

    /// <summary>Checks a resume against the recorded options, then records them; call before any training.</summary>
    /// <returns>Whether there is a run to continue (false: it starts at epoch 1).</returns>
    /// <exception cref="InvalidOptionsException">--resume with options that differ from the recorded ones, or --resume=must with nothing to resume.</exception>
    public bool CheckAndRecord(string runFolder, RunSettings settings)
    {
        string path = Path.Combine(runFolder, FileName);
        bool continuing = false;
        if (settings.Resume)
        {
            bool hasCheckpoint = Directory.Exists(runFolder) && Directory.EnumerateFiles(runFolder, "epoch-*.safetensors", SearchOption.AllDirectories).Any();
            if (!hasCheckpoint)
            {
                if (settings.RequireCheckpoint)
                {
                    throw new InvalidOptionsException([$"--resume=must: no checkpoint in {runFolder}; nothing to resume"]);
                }

                Console.WriteLine($"--resume: no checkpoint in {runFolder}; starting from epoch 1");
            }
            else if (Read(path) is { } recorded)
            {
                var differences = options
                    .Where(o => !o.MayChange && (!recorded.TryGetValue(o.Option, out var before) || before != o.Value))
                    .Select(o => recorded.TryGetValue(o.Option, out var before)
                        ? $"--resume: {runFolder} was trained with {o.Option} {before}, not {o.Value}"
                        : $"--resume: {runFolder} has no record of {o.Option} (this run: {o.Value})")
                    .ToList();
                if (differences.Count > 0)
                {
                    throw new InvalidOptionsException([.. differences, "--resume: give the recorded values, or train into a fresh --out"]);
                }

                continuing = true;
            }
            else
            {
                Console.WriteLine($"--resume: {runFolder} has no {FileName} (written by an older ilgpunet); its options cannot be compared with these");
                continuing = true;
            }
        }

        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(options.ToDictionary(o => o.Option, o => o.Value), JsonOptions) + "\n");
        return continuing;
    }

    private static Dictionary<string, string>? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a record of a run's options ({error.Message}); resume into a fresh --out", error);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "none",
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(",", list),
        _ => value.ToString() ?? "none",
    };
}
