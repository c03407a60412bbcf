using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.DeviceParity;

/// <summary>Losses, dropout, NeRF rendering and hash encoding, and the optimizers' update rules.</summary>
public static partial class ParityCases
{
    private static IEnumerable<ParityCase> Losses()
    {
        yield return Case("cross_entropy: class weights, ignore_index, label smoothing", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([7, 11], -3, 3);
            var target = Tensor.Cat([d.Labels([5], 11), Tensor.Full([2], -100, Kernels.DType.Int64, d.Device)]);
            var weight = d.Constant([11], 0.5, 2);
            var y = Functional.CrossEntropy(x, target, weight, labelSmoothing: 0.1)
                .Add(Functional.CrossEntropy(x, target, reduction: Reduction.Sum).Mul(0.1))
                .Add(Functional.CrossEntropy(x, target, reduction: Reduction.None).Square().Sum());
            return d.Backward(y, ("x", x));
        });
        yield return Case("cross_entropy spatial (N, C, H, W) and unbatched", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([2, 5, 3, 4], -3, 3);
            var v = d.Leaf([5], -3, 3);
            var y = Functional.CrossEntropy(x, d.Labels([2, 3, 4], 5)).Add(Functional.CrossEntropy(v, d.Labels([], 5)));
            return d.Backward(y, ("x", x), ("v", v));
        });
        yield return Case("nll_loss on log_softmax", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([6, 9], -3, 3);
            return d.Backward(Functional.NllLoss(x.LogSoftmax(1), d.Labels([6], 9), d.Constant([9], 0.5, 2)), ("x", x));
        });
        yield return Case("cross_entropy with probability targets", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([4, 6], -3, 3);
            var q = d.Constant([4, 6], 0, 1).Softmax(1);
            return d.Backward(Functional.CrossEntropy(x, q, labelSmoothing: 0.2), ("x", x));
        });
        yield return Case("regression and binary losses", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([5, 4], -2, 2);
            var t = d.Constant([5, 4], 0, 1);
            var y = Functional.MseLoss(x, t).Add(Functional.L1Loss(x, t)).Add(Functional.SmoothL1Loss(x, t, beta: 0.5))
                .Add(Functional.HuberLoss(x, t, delta: 0.7)).Add(Functional.BinaryCrossEntropyWithLogits(x, t))
                .Add(Functional.BinaryCrossEntropy(x.Sigmoid(), t));
            return d.Backward(y, ("x", x));
        });
    }

    private static IEnumerable<ParityCase> Models()
    {
        // The Table-2 CNN at 8×8 (three 5×5 convolutions, pooling to 1×1, two linear layers), batch 3: the loss, every
        // parameter's gradient, and the parameters after one Adam step.
        yield return Case("Table-2 CNN training step: loss, gradients, Adam update", Tolerance.Accumulated, d =>
        {
            Tensor.ManualSeed(11);
            var model = Table2Cnn.Create(inChannels: 1, imageSize: 8);
            model.To(d.Device);
            var optimizer = new Adam(model.Parameters(), lr: 1e-2);
            var loss = Functional.CrossEntropy(model.Call(d.Constant([3, 1, 8, 8])), d.Labels([3], 10));
            loss.Backward();
            var results = new Dictionary<string, Tensor> { ["loss"] = loss.Detach() };
            foreach (var (name, parameter) in model.NamedParameters())
            {
                results["d" + name] = parameter.Grad!.Clone();
            }

            optimizer.Step();
            foreach (var (name, parameter) in model.NamedParameters())
            {
                results[name] = parameter;
            }

            return results;
        });

        // A NeRF-style field: points along 6 rays (16 samples each) through a sin/cos encoding and an MLP to density and
        // colour, volume-rendered and compared with target colours: the loss and every parameter's gradient.
        yield return Case("NeRF MLP and volume rendering: loss and gradients", Tolerance.Accumulated, d =>
        {
            Tensor.ManualSeed(12);
            var mlp = new Sequential(new Linear(9, 32), new ReLU(), new Linear(32, 32), new ReLU(), new Linear(32, 4));
            mlp.To(d.Device);
            const int rays = 6, samples = 16;
            var points = d.Constant([rays, samples, 3], -1, 1);
            var encoded = Tensor.Cat([points, points.Mul(Math.PI).Sin(), points.Mul(Math.PI).Cos()], 2);
            var field = mlp.Call(encoded);
            var sigma = field.Narrow(2, 0, 1).Reshape(rays, samples).Relu();
            var rgb = field.Narrow(2, 1, 3).Sigmoid();
            var t = Tensor.Linspace(2, 6, samples).Expand(rays, samples).To(d.Device);
            var delta = d.Constant([rays, samples], 0.1, 0.3);
            var render = Functional.VolumeRender(sigma, rgb, t, delta);
            var loss = Functional.MseLoss(render.Color, d.Constant([rays, 3], 0, 1)).Add(render.Depth.Mean().Mul(0.01));
            loss.Backward();
            var results = new Dictionary<string, Tensor> { ["loss"] = loss.Detach() };
            foreach (var (name, parameter) in mlp.NamedParameters())
            {
                results["d" + name] = parameter.Grad!;
            }

            return results;
        });
    }

    private static IEnumerable<ParityCase> Training()
    {
        yield return Case("dropout: same seed, same mask", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([6, 50]);
            var y = Functional.Dropout(x, 0.3, generator: new Generator(77)).Add(Functional.Dropout(x, 0.6, generator: new Generator(78)));
            return d.Backward(y, ("x", x));
        });
        yield return Case("volume_render: colour, depth, opacity, weights", Tolerance.Accumulated, d =>
        {
            var sigma = d.Leaf([13, 17], -0.5, 3);
            var rgb = d.Leaf([13, 17, 3], 0, 1);
            var t = Tensor.Linspace(2, 6, 17).Expand(13, 17).To(d.Device);
            var delta = d.Constant([13, 17], 0.05, 0.3);
            var r = Functional.VolumeRender(sigma, rgb, t, delta);
            var y = r.Color.Sum(1).Add(r.Depth.Mul(0.3)).Add(r.Opacity.Square());
            return new Dictionary<string, Tensor>(d.Backward(y, ("sigma", sigma), ("rgb", rgb))) { ["weights"] = r.Weights };
        });
        // 3 levels of 2, 3 and 5 cells in a 70-row table (dense, dense, hashed), points in [-0.2, 1.2]³ so some are clamped;
        // the table's gradient is summed with atomic adds on the device
        yield return Case("hash_grid_encode: dense and hashed levels, clamped points", Tolerance.Accumulated, d =>
        {
            var grid = new HashGridGeometry(levels: 3, features: 2, tableSize: 70, baseResolution: 2, maxResolution: 5);
            var positions = d.Leaf([29, 3], -0.2, 1.2);
            var table = d.Leaf([3, 70, 2]);
            return d.Backward(Functional.HashGridEncode(positions, table, grid), ("positions", positions), ("table", table));
        });
        yield return Case("sample_pdf deterministic and random", Tolerance.Pointwise, d =>
        {
            var bins = Tensor.Linspace(2, 6, 9).Expand(5, 9).Contiguous().To(d.Device);
            var weights = d.Constant([5, 8], 0, 1);
            return new Dictionary<string, Tensor>
            {
                ["deterministic"] = Functional.SamplePdf(bins, weights, 12, deterministic: true),
                ["random"] = Functional.SamplePdf(bins, weights, 12, generator: new Generator(5)),
            };
        });

        (string Name, Func<Tensor[], Optimizer> Make)[] optimizers =
        [
            ("sgd momentum, nesterov, weight decay", p => new Sgd(p, lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true)),
            ("sgd momentum, dampening", p => new Sgd(p, lr: 0.1, momentum: 0.8, dampening: 0.3)),
            ("adam, L2 weight decay", p => new Adam(p, lr: 1e-2, weightDecay: 0.05)),
            ("adamw", p => new AdamW(p, lr: 1e-2)),
            ("adamw amsgrad (composed)", p => new AdamW(p, lr: 1e-2, amsgrad: true)),
            ("rmsprop centered, momentum (composed)", p => new RmsProp(p, lr: 1e-2, momentum: 0.9, centered: true)),
        ];
        foreach (var (name, make) in optimizers)
        {
            yield return Case($"optimizer {name}: three steps", Tolerance.Pointwise, d =>
            {
                Tensor[] parameters = [d.Leaf([33, 7]), d.Leaf([5])];
                var optimizer = make(parameters);
                for (int step = 0; step < 3; step++)
                {
                    foreach (var p in parameters)
                    {
                        p.Grad = d.Constant(p.Shape);
                    }

                    optimizer.Step();
                }

                var results = new Dictionary<string, Tensor> { ["weight"] = parameters[0], ["bias"] = parameters[1] };
                foreach (var (buffer, value) in optimizer.StateOf(parameters[0])!.Buffers)
                {
                    results[buffer] = value;
                }

                return results;
            });
        }
    }
}
