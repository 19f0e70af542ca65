using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// Builds the <see cref="SchemaShape"/> an estimator's <c>GetOutputSchema</c> returns.
/// </summary>
/// <remarks>
/// Microsoft.ML 5.0.1 gives third-party code no public way to create a <see cref="SchemaShape.Column"/>:
/// its constructor and <c>SchemaShape.Create(DataViewSchema)</c> are both internal, and no public method
/// turns a <see cref="DataViewSchema"/> into a shape. The public pieces are the
/// <see cref="SchemaShape(IEnumerable{SchemaShape.Column})"/> constructor and the columns of an existing
/// shape. So this helper describes new columns as a real <see cref="DataViewSchema"/> (built with
/// <see cref="DataViewSchema.Builder"/>) and converts it with ML.NET's own internal
/// <c>SchemaShape.Create</c>, bound once by reflection, so every detail of the conversion (vector kind,
/// key flag, annotation shapes) is exactly ML.NET's. A test pins this against the package version.
/// </remarks>
internal static class SchemaShapeHelper
{
    private static readonly Func<DataViewSchema, SchemaShape>? CreateShape = BindCreate();

    /// <summary>
    /// The shape of <paramref name="input"/> with <paramref name="columns"/> appended; an appended column
    /// replaces an input column of the same name (a shape has no hidden columns).
    /// </summary>
    /// <param name="input">The estimator's input shape.</param>
    /// <param name="columns">The columns the estimator adds.</param>
    public static SchemaShape Append(SchemaShape input, IEnumerable<DataViewSchema.DetachedColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(columns);
        var added = ToShape(builder.ToSchema());
        var addedNames = added.Select(c => c.Name).ToHashSet();
        return new SchemaShape(input.Where(c => !addedNames.Contains(c.Name)).Concat(added));
    }

    /// <summary>
    /// A column type whose shape equals <paramref name="shape"/>. Shapes carry no sizes, so a known-size
    /// vector becomes a vector of size 1 and a key type gets a count of 1; use it only to describe shapes.
    /// </summary>
    /// <param name="shape">A column shape, e.g. taken from an input shape.</param>
    public static DataViewType RepresentativeType(SchemaShape.Column shape)
    {
        var item = shape.IsKey
            ? new KeyDataViewType(shape.ItemType.RawType, 1UL)
            : shape.ItemType as PrimitiveDataViewType ?? throw new ArgumentException(
                $"Column '{shape.Name}' has item type {shape.ItemType}, which is not a primitive type.", nameof(shape));
        return shape.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.Vector => new VectorDataViewType(item, 1),
            _ => new VectorDataViewType(item),
        };
    }

    /// <summary>
    /// Adds to <paramref name="builder"/> one annotation per column of <paramref name="annotationShapes"/>
    /// that <paramref name="keep"/> selects, with the shape's type (see <see cref="RepresentativeType"/>)
    /// and a default value: enough for a shape, which records only annotation names and types.
    /// </summary>
    /// <param name="builder">The annotations being built.</param>
    /// <param name="annotationShapes">The annotation shapes of an input column.</param>
    /// <param name="keep">Selects annotation kinds by name.</param>
    public static void AddAnnotationShapes(DataViewSchema.Annotations.Builder builder, SchemaShape annotationShapes, Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(annotationShapes);
        ArgumentNullException.ThrowIfNull(keep);
        foreach (var annotation in annotationShapes.Where(a => keep(a.Name)))
        {
            var type = RepresentativeType(annotation);
            var getter = typeof(SchemaShapeHelper)
                .GetMethod(nameof(DefaultGetter), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.RawType)
                .Invoke(null, null)!;
            builder.Add(annotation.Name, type, (Delegate)getter);
        }
    }

    private static SchemaShape ToShape(DataViewSchema schema)
        => (CreateShape ?? throw new InvalidOperationException(
                "SamClr.MLNet describes output columns with Microsoft.ML's internal SchemaShape.Create(DataViewSchema), " +
                "which this Microsoft.ML version does not have. Use Microsoft.ML 5.0.1, the version in Directory.Packages.props."))
            (schema);

    private static Func<DataViewSchema, SchemaShape>? BindCreate()
        => typeof(SchemaShape)
            .GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, [typeof(DataViewSchema)])
            ?.CreateDelegate<Func<DataViewSchema, SchemaShape>>();

    private static ValueGetter<T> DefaultGetter<T>() => static (ref T value) => value = default!;
}
