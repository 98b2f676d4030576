using HedgeDashboard.Web.History;

namespace HedgeDashboard.Web.Components.Tests;

public sealed class CsvExportTests
{
    // Spreadsheets skip a leading TAB or CR and then read a formula, so those count as formula prefixes too.
    [Theory]
    [InlineData("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("\tplain", "'\tplain")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a\tb", "a\tb")]
    public void Csv_TabOrCarriageReturnFirst_NeutralisedLikeFormulas(string value, string expected) =>
        Assert.Equal(expected, ExecutionHistory.Csv(value));
}
