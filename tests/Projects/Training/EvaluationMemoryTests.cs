using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Training;

/// <summary>
/// An evaluation pass gives every array it takes from the host pool back (input batches, activations, logits, losses),
/// so a second pass over the same batches is served entirely from what the first returned. Counted with the pool's
/// allocated bytes and high-water mark, at sizes where the batches go through the pool (64 KB and up): a tensor left to
/// the garbage collector stays counted and makes the next pass take a fresh array.
/// </summary>
[Collection(HostPoolCollection.Name)]
public class EvaluationMemoryTests
{
    [Fact]
    public void Measure_GivesEveryArrayBack_SoASecondPassTakesNothingNewFromThePool()
    {
        // 64×64 gray images in batches of 8 (and a last one of 4): 128 KB input batches, 512 KB convolution maps
        var model = new Sequential(new Conv2d(1, 4, 3, padding: 1, generator: new Generator(3)), new ReLU(), new MaxPool2d(4),
            new Flatten(), new Linear(4 * 16 * 16, 2, generator: new Generator(4)));
        var data = new ClassificationData(TrainingStageTests.Images(20, side: 64), [0.5f], [0.5f]);
        var first = ClassifierSteps.Measure(model, data, batchSize: 8);
        GC.Collect();
        GC.WaitForPendingFinalizers(); // earlier tests' tensors left to the collector stop being counted now, not during the pass
        long allocated = HostMemory.AllocatedBytes;
        HostMemory.ResetPeak();
        long reserved = HostMemory.PeakReservedBytes;

        var second = ClassifierSteps.Measure(model, data, batchSize: 8);

        Assert.Equal(first, second);
        Assert.Equal(allocated, HostMemory.AllocatedBytes);
        Assert.Equal(reserved, HostMemory.PeakReservedBytes);
    }
}
