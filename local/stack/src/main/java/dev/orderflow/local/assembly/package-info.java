/**
 * Reading a cloud assembly (a {@code cdk.out} folder): the manifest, each stack's template and
 * asset manifest, and the CloudFormation intrinsics of the template resolved to local values.
 *
 * <p>This package knows no service: what {@code Ref} and {@code Fn::GetAtt} give for a resource is
 * supplied by the service that runs it, through {@link dev.orderflow.local.assembly.ReferenceRegistry}.
 */
package dev.orderflow.local.assembly;
