package dev.orderflow.local.assembly;

import java.util.Optional;

/**
 * What {@code Ref} and {@code Fn::GetAtt} of a resource give. The service that runs a resource
 * knows its real values (a queue's URL, a table's stream ARN) and supplies them.
 *
 * <p>Values are strings, numbers, booleans, lists or maps of these, or Jackson nodes.
 */
public interface ResourceReferences {

  /**
   * What {@code {"Ref": logicalId}} gives.
   *
   * @param logicalId the resource
   * @return the value, or empty when this source does not know the resource
   */
  Optional<Object> ref(String logicalId);

  /**
   * What {@code {"Fn::GetAtt": [logicalId, attribute]}} gives.
   *
   * @param logicalId the resource
   * @param attribute the attribute, e.g. {@code Arn}
   * @return the value, or empty when this source cannot give it
   */
  Optional<Object> getAtt(String logicalId, String attribute);
}
