namespace IlgpuNet.Tests.Reporting;

/// <summary>
/// A fact that needs headless Chromium. Without it the test is skipped with the reason, except in CI (CI=true), where a
/// missing browser must fail rather than let the rendering check silently disappear. (xunit 2 has no runtime skip.)
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null && !Chromium.IsCi)
        {
            Skip = "Chromium not found (chromium, chromium-browser or google-chrome on PATH, or $ILGPUNET_CHROMIUM): `make deps` installs Debian's chromium. With CI=true this test fails instead.";
        }
    }
}
