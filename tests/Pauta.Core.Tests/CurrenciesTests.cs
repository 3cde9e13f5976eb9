using Pauta.Core.Organisations;

namespace Pauta.Core.Tests;

public class CurrenciesTests
{
    [Theory]
    [InlineData("EUR")]
    [InlineData("COP")]
    [InlineData("MXN")]
    [InlineData("ARS")]
    [InlineData("CLP")]
    [InlineData("USD")]
    [InlineData("CLF")]
    public void The_currencies_of_the_markets_pauta_serves_are_known(string code) => Currencies.IsKnown(code).ShouldBeTrue();

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("€")]
    [InlineData("XXX")]
    [InlineData("XAU")]
    [InlineData("")]
    [InlineData(null)]
    public void Lower_case_symbols_testing_and_metal_codes_are_not(string? code) => Currencies.IsKnown(code).ShouldBeFalse();

    [Fact]
    public void Every_code_is_three_capital_letters_listed_once_in_order()
    {
        Currencies.All.ShouldAllBe(c => c.Length == 3 && c.All(char.IsAsciiLetterUpper));
        Currencies.All.ShouldBeUnique();
        Currencies.All.ShouldBe(Currencies.All.Order(StringComparer.Ordinal).ToList());
        Currencies.All.Count.ShouldBeGreaterThan(150);
    }
}
