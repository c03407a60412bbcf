using System.Numerics;
using System.Reflection;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Every device kernel, found rather than listed so none can be forgotten: each public static void method of a
/// *Kernels class in this namespace is an explicitly grouped kernel. A generic kernel is closed over every type its
/// constraints admit: a function or codec parameter over the structs here that implement its interface, an element
/// type parameter over the dtypes a device holds (float, long, int, byte), and a generic-math element type (a
/// System.Numerics constraint) over float and double. The kernel cache loads nothing that is not here, and the
/// compile test compiles all of it for CUDA and OpenCL.
/// </summary>
public static class KernelRegistry
{
    /// <summary>The element types of device buffers (bool is stored as byte).</summary>
    public static readonly Type[] ElementTypes = [typeof(float), typeof(long), typeof(int), typeof(byte)];

    /// <summary>The element types of generic-math kernels: float32, and float64 for kernel-level gradient checks.</summary>
    public static readonly Type[] RealTypes = [typeof(float), typeof(double)];

    private static readonly Lazy<IReadOnlyList<MethodInfo>> Kernels = new(Find);
    private static readonly Lazy<HashSet<MethodInfo>> Known = new(() => [.. Kernels.Value]);

    public static IReadOnlyList<MethodInfo> All => Kernels.Value;

    public static bool Contains(MethodInfo kernel) => Known.Value.Contains(kernel);

    /// <summary>"Class.Method" or "Class.Method&lt;T1, T2&gt;", as test failures name a kernel.</summary>
    public static string NameOf(MethodInfo kernel)
    {
        var name = $"{kernel.DeclaringType!.Name}.{kernel.Name}";
        return kernel.IsGenericMethod ? $"{name}<{string.Join(", ", kernel.GetGenericArguments().Select(t => t.Name))}>" : name;
    }

    private static IReadOnlyList<MethodInfo> Find()
    {
        var types = typeof(KernelRegistry).Assembly.GetTypes();
        var structs = types.Where(t => t.IsValueType && t.Namespace == typeof(KernelRegistry).Namespace).ToArray();
        var kernels = new List<MethodInfo>();
        foreach (var type in types.Where(t => t.Namespace == typeof(KernelRegistry).Namespace && t.IsAbstract && t.IsSealed
            && t.IsPublic && t.Name.EndsWith("Kernels", StringComparison.Ordinal)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.ReturnType == typeof(void)).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                kernels.AddRange(method.IsGenericMethodDefinition ? Close(method, structs) : [method]);
            }
        }

        return kernels;
    }

    // every instantiation whose arguments satisfy the constraints
    private static IEnumerable<MethodInfo> Close(MethodInfo method, Type[] structs)
    {
        var candidates = method.GetGenericArguments().Select(p => Candidates(p, structs)).ToArray();
        IEnumerable<Type[]> combinations = [[]];
        foreach (var options in candidates)
        {
            combinations = combinations.SelectMany(prefix => options.Select(o => (Type[])[.. prefix, o])).ToList();
        }

        foreach (var arguments in combinations)
        {
            MethodInfo closed;
            try
            {
                closed = method.MakeGenericMethod(arguments);
            }
            catch (ArgumentException)
            {
                continue;  // a constraint does not hold (a codec of another element type)
            }

            yield return closed;
        }
    }

    private static Type[] Candidates(Type parameter, Type[] structs)
    {
        var interfaces = parameter.GetGenericParameterConstraints().Where(c => c.IsInterface).ToArray();
        if (interfaces.Length == 0)
        {
            return ElementTypes;
        }

        if (interfaces.All(i => i.Namespace == typeof(INumber<>).Namespace))
        {
            return RealTypes;
        }

        return structs.Where(s => interfaces.All(i => Implements(s, i))).ToArray();
    }

    private static bool Implements(Type type, Type constraint)
    {
        var definition = constraint.IsGenericType ? constraint.GetGenericTypeDefinition() : constraint;
        return type.GetInterfaces().Any(i => (i.IsGenericType ? i.GetGenericTypeDefinition() : i) == definition);
    }
}
