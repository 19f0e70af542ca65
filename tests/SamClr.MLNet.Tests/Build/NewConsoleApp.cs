namespace SamClr.MLNet.Tests.Build;

/// <summary>Writes what <c>dotnet new console</c> makes (implicit usings and nullable on) with a program and references of the test's choosing.</summary>
internal static class NewConsoleApp
{
    /// <summary>Writes <paramref name="folder"/>/<paramref name="name"/>.csproj and Program.cs.</summary>
    /// <param name="folder">The app's folder (created when missing).</param>
    /// <param name="name">The project's name.</param>
    /// <param name="program">The text of Program.cs.</param>
    /// <param name="references">Item elements for the project's ItemGroup (ProjectReference, PackageReference).</param>
    public static void Write(string folder, string name, string program, params string[] references)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", references.Select(r => "    " + r))}
              </ItemGroup>
            </Project>
            """);
    }
}
