<#-- One JSON object per line for each third-party dependency of the module: coordinates, the
     scope it is resolved in, and its licence names after the merges of merges.txt and the
     entries of missing.properties. scripts/licences.mjs reads it; people read docs/licences.md. -->
<#list dependencyMap as entry>
<#assign p = entry.getKey()>
{"groupId":"${p.groupId?json_string}","artifactId":"${p.artifactId?json_string}","version":"${p.version?json_string}","type":"${(p.artifact.type!"jar")?json_string}","scope":"${(p.artifact.scope!"compile")?json_string}","optional":${p.artifact.optional?c},"name":"${(p.name!"")?json_string}","url":"${(p.url!"")?json_string}","licences":[<#list entry.getValue() as licence>"${licence?json_string}"<#sep>,</#sep></#list>]}
</#list>
