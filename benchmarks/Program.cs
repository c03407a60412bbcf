namespace IlgpuNet.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("benchmarks: no suites yet");
        return 2;
    }
}
