using System.Globalization;
using System.Text.Json;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Training;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Composite;

/// <summary>
/// Writes the composite data set in the layout the course ships: <c>train/</c> and <c>val/</c> with one folder per
/// class ("0_airplane", ...; the index prefix keeps ImageFolder's sorted order equal to the label order) and an
/// unlabelled <c>test/</c>. In training images the digit equals the class with probability <c>correlation</c> (else
/// one of the nine other digits); in validation and test the digit is drawn independently of the class. The labels
/// of test/ and every image's digit go to labels.csv beside the folders (what a grader would hold back). Class
/// images for train/val come from the training split, for test from the test split; digits come from three disjoint
/// thirds of MNIST t10k.
/// </summary>
public sealed class CompositeDatasetBuilder(CifarData classes, IDataset<LabeledImage> digits, ulong seed)
{
    public const string LabelsFile = "labels.csv";
    private const string ParametersFile = "generation.json";

    public static string ClassFolder(int label, string name) =>
        $"{label}_{string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch == '-' ? ch : '_'))}";

    /// <summary>Builds the data set in <paramref name="root"/>, or reuses it when it was built with the same parameters.</summary>
    public IReadOnlyList<CompositeSample> Build(string root, int trainCount, int validationCount, int testCount, double correlation)
    {
        var parameters = JsonSerializer.Serialize(new { classes = classes.Name, trainCount, validationCount, testCount, correlation, seed });
        string parametersPath = Path.Combine(root, ParametersFile);
        if (File.Exists(parametersPath) && File.ReadAllText(parametersPath) == parameters && File.Exists(Path.Combine(root, LabelsFile)))
        {
            return ReadLabels(root);
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var random = new Random((int)(seed % int.MaxValue) + 17);
        int third = digits.Count / 3;
        var classOrder = Stratified(classes.Train, random);
        if (trainCount + validationCount > classOrder.Length || testCount > classes.Test.Count)
        {
            throw new ArgumentException($"not enough class images: {trainCount}+{validationCount} of {classOrder.Length} training, {testCount} of {classes.Test.Count} test");
        }

        var samples = new List<CompositeSample>();
        var digitsByLabel = Enumerable.Range(0, 10).Select(d => new List<int>[3]).ToArray();
        for (int part = 0; part < 3; part++)
        {
            for (int d = 0; d < 10; d++)
            {
                digitsByLabel[d][part] = [];
            }

            for (int i = part * third; i < (part + 1) * third; i++)
            {
                digitsByLabel[digits[i].Label][part].Add(i);
            }
        }

        void Make(string split, int part, IEnumerable<(LabeledImage Image, int Index)> images, bool labelled, double agreement)
        {
            foreach (var (classImage, index) in images)
            {
                int digit = random.NextDouble() < agreement ? classImage.Label
                    : agreement > 0 ? (classImage.Label + 1 + random.Next(9)) % 10
                    : random.Next(10);
                var pool = digitsByLabel[digit][part];
                var digitImage = digits[pool[random.Next(pool.Count)]].Image;
                string folder = labelled ? Path.Combine(split, ClassFolder(classImage.Label, classes.ClassNames[classImage.Label])) : split;
                string file = Path.Combine(folder, index.ToString("D5", CultureInfo.InvariantCulture) + ".png");
                Directory.CreateDirectory(Path.Combine(root, folder));
                ImageFile.Write(Path.Combine(root, file), CompositeLayout.Compose(classImage.Image, digitImage));
                samples.Add(new CompositeSample(split, file, classImage.Label, digit));
            }
        }

        Make("train", 0, classOrder.Take(trainCount).Select((c, i) => (classes.Train[c], i)), labelled: true, correlation);
        Make("val", 1, classOrder.Skip(trainCount).Take(validationCount).Select((c, i) => (classes.Train[c], i)), labelled: true, 0);
        Make("test", 2, Enumerable.Range(0, testCount).Select(i => (classes.Test[i], i)), labelled: false, 0);
        AtomicFile.WriteAllText(Path.Combine(root, LabelsFile),
            string.Concat(["split,file,label,digit\n", .. samples.Select(s => string.Join(',', s.Split, s.File.Replace('\\', '/'), s.Label, s.Digit) + "\n")]));
        AtomicFile.WriteAllText(parametersPath, parameters); // written last: its presence says the data set is complete
        return samples;
    }

    /// <summary>A shuffled order that deals the classes round-robin, so any run of ten or more images holds every class (ImageFolder needs them all).</summary>
    private static int[] Stratified(IDataset<LabeledImage> images, Random random)
    {
        var order = Enumerable.Range(0, images.Count).ToArray();
        random.Shuffle(order);
        var byClass = order.GroupBy(i => images[i].Label).OrderBy(g => g.Key).Select(g => new Queue<int>(g)).ToList();
        var dealt = new List<int>(order.Length);
        while (byClass.Any(q => q.Count > 0))
        {
            foreach (var queue in byClass.Where(q => q.Count > 0))
            {
                dealt.Add(queue.Dequeue());
            }
        }

        return [.. dealt];
    }

    /// <summary>labels.csv of a generated data set.</summary>
    public static IReadOnlyList<CompositeSample> ReadLabels(string root)
    {
        string path = Path.Combine(root, LabelsFile);
        return File.ReadAllLines(path).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var fields = line.Split(',');
            if (fields.Length != 4)
            {
                throw new InvalidDataException($"{path}: expected split,file,label,digit, got '{line}'");
            }

            return new CompositeSample(fields[0], fields[1], int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
        }).ToList();
    }
}
