using Pauta.Core.Customers;

namespace Pauta.Core.Tests;

public class CustomerNamesTests
{
    [Theory]
    [InlineData("Ana Pérez", "ana perez")]
    [InlineData("Ana Pérez", "  ANA   PÉREZ ")]
    [InlineData("José Núñez", "jose nunez")]
    [InlineData("Zoë Müller", "ZOE MULLER")]
    public void Names_that_differ_only_in_case_accents_or_spaces_are_the_same(string a, string b) =>
        CustomerNames.Same(a, b).ShouldBeTrue();

    [Theory]
    [InlineData("Ana Pérez", "Ana Pérez Gil")]
    [InlineData("Ana Pérez", "Anabel Pérez")]
    [InlineData("", "")]
    [InlineData("  ", null)]
    public void Other_names_and_blank_ones_are_not(string? a, string? b) =>
        CustomerNames.Same(a, b).ShouldBeFalse();
}
