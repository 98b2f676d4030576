namespace HedgeDashboard.TestSupport;

/// <summary>Locations in the checkout that tests need: the repo root, shared data, npm tools.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    /// <summary>The real market data folder that sits beside the checkout (../shared/data).</summary>
    public static string SharedData
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
            return Directory.Exists(dir)
                ? dir
                : throw new DirectoryNotFoundException($"Market data not found at {dir}: the tests expect ../shared/data beside the checkout.");
        }
    }

    public static string SharedDataFile(string name)
    {
        var path = Path.Combine(SharedData, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Market data file missing: {path}");
    }

    /// <summary>A native binary delivered by npm (anvil, cast, forge); run scripts/setup.sh or npm install first.</summary>
    public static string NpmTool(string tool)
    {
        var path = Path.Combine(Root, "node_modules", "@foundry-rs", $"{tool}-linux-amd64", "bin", tool);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{tool} not found at {path}: run 'npm install' in {Root}.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HedgeDashboard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"HedgeDashboard.sln not found above {AppContext.BaseDirectory}.");
    }
}
