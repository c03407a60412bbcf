using IlgpuNet.Data;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Training;

/// <summary>
/// Where a classifier looks, from one backward pass of the chosen class scores: the saliency map of Simonyan et al.
/// (2014), the largest |∂score/∂pixel| over the colour channels, and Grad-CAM (Selvaraju et al., 2017), the
/// ReLU of a convolutional layer's maps weighted by their spatially averaged gradients, resized to the input.
/// </summary>
public static class Attribution
{
    /// <summary>Per image: the saliency map and the Grad-CAM map, both H×W of the input and scaled to [0, 1].</summary>
    public sealed record Maps(FloatImage[] Saliency, FloatImage[] GradCam);

    /// <param name="images">A normalised batch (N, C, H, W) on any device; the model's device is used.</param>
    /// <param name="classes">The class whose score is explained, per image.</param>
    /// <param name="layer">The layer whose output Grad-CAM weighs (usually the last convolutional stage).</param>
    public static Maps Explain(Module model, Tensor images, IReadOnlyList<int> classes, Module layer)
    {
        int n = images.Size(0), height = images.Size(2), width = images.Size(3);
        if (classes.Count != n)
        {
            throw new ArgumentException($"{n} images but {classes.Count} classes to explain");
        }

        model.Eval(); // batch norm on running statistics: every image's scores depend on that image alone
        var input = images.To(model.Device).Detach();
        input.RequiresGrad = true;
        Tensor? maps = null;
        using var hook = layer.RegisterForwardHook((Module _, Tensor _, Tensor output) =>
        {
            maps = output.RetainGrad();
            return null;
        });
        var logits = model.Call(input);
        var target = Tensor.FromArray(classes.Select(c => (long)c).ToArray(), n, 1).To(model.Device);
        logits.Gather(1, target).Sum().Backward();
        model.ZeroGrad(); // the parameters' gradients of this pass are not a training step

        if (maps?.Grad is not { } mapGradients)
        {
            throw new InvalidOperationException($"{layer.TypeName}: the layer was not on the path from input to scores");
        }

        return new Maps(Saliency(input.Grad!, n, height, width), GradCam(maps.Detach(), mapGradients, n, height, width));
    }

    private static FloatImage[] Saliency(Tensor gradient, int n, int height, int width)
    {
        var values = gradient.Contiguous().ToArray<float>();
        int channels = gradient.Size(1), plane = height * width;
        var result = new FloatImage[n];
        for (int i = 0; i < n; i++)
        {
            var map = new FloatImage(1, height, width);
            for (int c = 0; c < channels; c++)
            {
                var source = values.AsSpan((i * channels + c) * plane, plane);
                for (int p = 0; p < plane; p++)
                {
                    map.Data[p] = Math.Max(map.Data[p], Math.Abs(source[p]));
                }
            }

            result[i] = Scaled(map);
        }

        return result;
    }

    private static FloatImage[] GradCam(Tensor activations, Tensor gradients, int n, int height, int width)
    {
        int channels = activations.Size(1), mapHeight = activations.Size(2), mapWidth = activations.Size(3), plane = mapHeight * mapWidth;
        var a = activations.Contiguous().ToArray<float>();
        var g = gradients.Contiguous().ToArray<float>();
        var result = new FloatImage[n];
        for (int i = 0; i < n; i++)
        {
            var cam = new FloatImage(1, mapHeight, mapWidth);
            for (int c = 0; c < channels; c++)
            {
                int offset = (i * channels + c) * plane;
                float weight = System.Numerics.Tensors.TensorPrimitives.Sum(g.AsSpan(offset, plane)) / plane;
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(a.AsSpan(offset, plane), weight, cam.Data, cam.Data);
            }

            System.Numerics.Tensors.TensorPrimitives.Max(cam.Data, 0f, cam.Data); // ReLU: only what speaks for the class
            result[i] = Scaled(ImageResize.Resize(cam, height, width, ResizeMethod.Bilinear, antialias: false));
        }

        return result;
    }

    /// <summary>Divided by its maximum (a map of zeros stays zero).</summary>
    private static FloatImage Scaled(FloatImage map)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(map.Data);
        if (max > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(map.Data, max, map.Data);
        }

        return map;
    }
}
