namespace IlgpuNet.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("ilgpunet: no commands yet");
        return 2;
    }
}
