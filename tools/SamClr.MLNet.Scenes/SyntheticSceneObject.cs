namespace SamClr.MLNet.Scenes;

/// <summary>
/// The ground truth of one object in a synthetic scene: its class and the pixels of it that stay visible
/// after the objects drawn later have covered part of it. A pixel counts as the object's when the object
/// covers at least half of it and no later object does.
/// </summary>
public sealed class SceneObject
{
    internal SceneObject(int classIndex, string className, (int X0, int Y0, int X1, int Y1) box, SceneMask mask, int area)
    {
        ClassIndex = classIndex;
        ClassName = className;
        Box = box;
        Mask = mask;
        Area = area;
    }

    /// <summary>Index into <see cref="SyntheticSceneGenerator.ClassNames"/>.</summary>
    public int ClassIndex { get; }

    /// <summary>The class name, e.g. "striped-triangle".</summary>
    public string ClassName { get; }

    /// <summary>Tight box of the visible pixels in canvas pixels; X1 and Y1 are exclusive.</summary>
    public (int X0, int Y0, int X1, int Y1) Box { get; }

    /// <summary>The visible pixels over the whole canvas, row-major.</summary>
    public SceneMask Mask { get; }

    /// <summary>Number of visible pixels (the number of set mask pixels).</summary>
    public int Area { get; }
}
