using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HedgeDashboard.Data.Configuration;

/// <summary>Enums stored as snake_case text ("needs_review"), guarded by a CHECK constraint.</summary>
public static class EnumText<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> ToTextMap =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => SnakeCase.From(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> FromTextMap =
        ToTextMap.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static ValueConverter<TEnum, string> Converter { get; } = new(v => ToText(v), s => Parse(s));

    public static IReadOnlyCollection<string> Values => ToTextMap.Values;

    public static string ToText(TEnum value) => ToTextMap[value];

    public static TEnum Parse(string text) =>
        FromTextMap.TryGetValue(text, out var v) ? v : throw new InvalidOperationException($"'{text}' is not a valid {typeof(TEnum).Name}.");

    /// <summary>SQL for <c>column IN ('a', 'b', ...)</c>.</summary>
    public static string CheckSql(string column) =>
        $"{column} IN ({string.Join(", ", Values.Select(v => $"'{v}'"))})";
}

/// <summary>Wiring of <see cref="EnumText{TEnum}"/> into entity configurations.</summary>
public static class EnumTextExtensions
{
    /// <summary>Maps an enum property to text and adds a CHECK constraint named ck_{table}_{column}.</summary>
    public static PropertyBuilder<TEnum> HasEnumText<TEntity, TEnum>(
        this EntityTypeBuilder<TEntity> entity, System.Linq.Expressions.Expression<Func<TEntity, TEnum>> property, string table, string column)
        where TEntity : class
        where TEnum : struct, Enum
    {
        entity.ToTable(t => t.HasCheckConstraint($"ck_{table}_{column}", EnumText<TEnum>.CheckSql(column)));
        return entity.Property(property).HasConversion(EnumText<TEnum>.Converter).HasColumnName(column).HasMaxLength(32);
    }
}
