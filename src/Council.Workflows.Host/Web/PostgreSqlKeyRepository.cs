using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Council.Workflows.Host.Web;

/// <summary>
/// The data-protection keys of a council's web hosts in its PostgreSQL database (<c>protection_keys</c>), so several
/// <c>council serve</c> processes — on one machine or several — read each other's sessions and form tokens.
/// </summary>
internal sealed class PostgreSqlKeyRepository(string connectionString, string council, string schema = "council") : IXmlRepository
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = _source.CreateCommand($"SELECT xml FROM \"{schema}\".protection_keys WHERE council = $1 ORDER BY name");
        command.Parameters.AddWithValue(council);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = _source.CreateCommand(
            $"INSERT INTO \"{schema}\".protection_keys (council, name, xml) VALUES ($1, $2, $3) ON CONFLICT (council, name) DO UPDATE SET xml = excluded.xml");
        command.Parameters.AddWithValue(council);
        command.Parameters.AddWithValue(friendlyName);
        command.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
